using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Switchboard.ControlPlane.PhoneNumbers;

internal sealed class SipTrunkConfiguration : IEntityTypeConfiguration<SipTrunk>
{
    public void Configure(EntityTypeBuilder<SipTrunk> e)
    {
        e.ToTable("sip_trunks");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(40);
        e.Property(x => x.OrganizationId).HasMaxLength(40);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.Address).HasMaxLength(300);
        e.Property(x => x.Transport).HasMaxLength(8);
        e.Property(x => x.Username).HasMaxLength(128);
        // Data Protection output for a password of at most 256 characters stays well under this.
        e.Property(x => x.PasswordProtected).HasMaxLength(2000);
        e.Property(x => x.OutboundCallerId).HasMaxLength(64);
        e.Property(x => x.InboundNetworks).HasMaxLength(2000);
        e.HasIndex(x => new { x.OrganizationId, x.CreatedAt });
    }
}
