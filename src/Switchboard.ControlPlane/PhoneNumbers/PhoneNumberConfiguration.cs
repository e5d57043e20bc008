using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Switchboard.ControlPlane.PhoneNumbers;

internal sealed class PhoneNumberConfiguration : IEntityTypeConfiguration<PhoneNumber>
{
    public void Configure(EntityTypeBuilder<PhoneNumber> e)
    {
        e.ToTable("phone_numbers");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(40);
        e.Property(x => x.OrganizationId).HasMaxLength(40);
        e.Property(x => x.Number).HasMaxLength(PhoneNumberFormat.MaxUserPartLength);
        e.Property(x => x.Nickname).HasMaxLength(200);
        e.Property(x => x.SipTrunkId).HasMaxLength(40);
        e.Property(x => x.InboundAgents);
        e.Property(x => x.InboundIvrMenuId).HasMaxLength(40);
        e.Property(x => x.InboundWebhookUrl).HasMaxLength(2000);
        e.Property(x => x.OutboundAllowedCountries).HasMaxLength(1000);
        // Server-wide, not per organization: an inbound call is routed by the number alone.
        e.HasIndex(x => x.Number).IsUnique();
        e.HasIndex(x => new { x.OrganizationId, x.CreatedAt });
        e.HasIndex(x => x.SipTrunkId);
    }
}
