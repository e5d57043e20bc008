using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Switchboard.ControlPlane.Calls;

/// <summary>Table <c>calls</c>; its events go with it when it is deleted.</summary>
internal sealed class CallConfiguration : IEntityTypeConfiguration<Call>
{
    public void Configure(EntityTypeBuilder<Call> e)
    {
        e.ToTable("calls");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(64);
        e.Property(x => x.OrganizationId).HasMaxLength(40);
        e.Property(x => x.AgentId).HasMaxLength(64);
        e.Property(x => x.Status).HasMaxLength(16);
        e.Property(x => x.Direction).HasMaxLength(16);
        e.Property(x => x.FromNumber).HasMaxLength(256);
        e.Property(x => x.ToNumber).HasMaxLength(256);
        e.Property(x => x.DisconnectionReason).HasMaxLength(64);
        e.Property(x => x.RecordingPath).HasMaxLength(1024);
        e.Property(x => x.RecordingUrl).HasMaxLength(2048);
        // The list pages newest first per organization; the filters narrow within that.
        e.HasIndex(x => new { x.OrganizationId, x.CreatedAt });
        e.HasIndex(x => new { x.OrganizationId, x.AgentId, x.CreatedAt });
        e.HasMany<CallEventRecord>().WithOne().HasForeignKey(x => x.CallId).OnDelete(DeleteBehavior.Cascade);
    }
}
