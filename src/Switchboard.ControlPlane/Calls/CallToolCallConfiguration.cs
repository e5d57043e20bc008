using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Switchboard.ControlPlane.Calls;

/// <summary>
/// Table <c>call_tool_calls</c>, keyed by the idempotency key: the primary key is the unique constraint that settles
/// two writers racing to begin the same call. No foreign key to <c>calls</c>: the journal is written synchronously
/// before a tool runs, while the call row arrives through the recorder's batches and may come later.
/// </summary>
internal sealed class CallToolCallConfiguration : IEntityTypeConfiguration<CallToolCall>
{
    public void Configure(EntityTypeBuilder<CallToolCall> e)
    {
        e.ToTable("call_tool_calls");
        e.HasKey(x => x.IdempotencyKey);
        e.Property(x => x.IdempotencyKey).HasMaxLength(200);
        e.Property(x => x.OrganizationId).HasMaxLength(40);
        e.Property(x => x.CallId).HasMaxLength(64);
        e.Property(x => x.Name).HasMaxLength(128);
        e.Property(x => x.Status).HasMaxLength(16);
        e.Property(x => x.ActionKind).HasMaxLength(32);
        e.Property(x => x.ActionArgument).HasMaxLength(1024);
        e.Property(x => x.ActionReason).HasMaxLength(1024);
        e.HasIndex(x => x.CallId);
    }
}
