using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Switchboard.ControlPlane.Calls;

/// <summary>Table <c>call_events</c>: one row per event, unique per (call, sequence).</summary>
internal sealed class CallEventRecordConfiguration : IEntityTypeConfiguration<CallEventRecord>
{
    public void Configure(EntityTypeBuilder<CallEventRecord> e)
    {
        e.ToTable("call_events");
        e.HasKey(x => x.Id);
        e.Property(x => x.OrganizationId).HasMaxLength(40);
        e.Property(x => x.CallId).HasMaxLength(64);
        e.Property(x => x.Type).HasMaxLength(32);
        e.HasIndex(x => new { x.CallId, x.Sequence }).IsUnique();
    }
}
