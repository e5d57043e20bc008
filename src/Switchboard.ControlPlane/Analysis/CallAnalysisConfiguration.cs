using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Switchboard.ControlPlane.Calls;

namespace Switchboard.ControlPlane.Analysis;

/// <summary>Table <c>call_analyses</c>; a row goes with its call.</summary>
internal sealed class CallAnalysisConfiguration : IEntityTypeConfiguration<CallAnalysis>
{
    public void Configure(EntityTypeBuilder<CallAnalysis> e)
    {
        e.ToTable("call_analyses");
        e.HasKey(x => x.CallId);
        e.Property(x => x.CallId).HasMaxLength(64);
        e.Property(x => x.OrganizationId).HasMaxLength(40);
        e.Property(x => x.Status).HasMaxLength(16);
        e.Property(x => x.Error).HasMaxLength(2000);
        // The lease is the run's identity: a re-run (which clears it) while a run is under way makes that run's save
        // fail instead of overwriting the newer request.
        e.Property(x => x.ClaimedUntil).IsConcurrencyToken();
        e.HasOne<Call>().WithOne().HasForeignKey<CallAnalysis>(x => x.CallId).OnDelete(DeleteBehavior.Cascade);
        // The claim query scans pending jobs by due time.
        e.HasIndex(x => new { x.Status, x.NextAttemptAt });
    }
}
