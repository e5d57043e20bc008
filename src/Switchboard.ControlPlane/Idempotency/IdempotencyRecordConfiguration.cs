using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Switchboard.ControlPlane.Idempotency;

/// <summary>Table <c>idempotency_keys</c>: a key is unique within its organization.</summary>
internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> e)
    {
        e.ToTable("idempotency_keys");
        e.HasKey(x => new { x.OrganizationId, x.Key });
        e.Property(x => x.OrganizationId).HasMaxLength(40);
        e.Property(x => x.Key).HasMaxLength(IdempotentRequests.MaxKeyLength);
        e.Property(x => x.Endpoint).HasMaxLength(200);
        e.Property(x => x.Fingerprint).HasMaxLength(64);
        // Expired keys are swept per organization.
        e.HasIndex(x => new { x.OrganizationId, x.ExpiresAt });
    }
}
