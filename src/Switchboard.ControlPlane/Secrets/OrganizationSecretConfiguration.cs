using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Switchboard.ControlPlane.Secrets;

internal sealed class OrganizationSecretConfiguration : IEntityTypeConfiguration<OrganizationSecret>
{
    public void Configure(EntityTypeBuilder<OrganizationSecret> e)
    {
        e.ToTable("organization_secrets");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(40);
        e.Property(x => x.OrganizationId).HasMaxLength(40);
        e.Property(x => x.Name).HasMaxLength(64);
        // 8 KB of plaintext grows by the Data Protection header, the MAC and base64url: well under 16,000.
        e.Property(x => x.ProtectedValue).HasMaxLength(16_000);
        e.Property(x => x.Fingerprint).HasMaxLength(40);
        e.HasIndex(x => new { x.OrganizationId, x.Name }).IsUnique();
        e.HasIndex(x => new { x.OrganizationId, x.CreatedAt });
    }
}
