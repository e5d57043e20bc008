using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.Calls;
using Switchboard.ControlPlane.Data;

namespace Switchboard.ControlPlane.Analysis;

/// <summary>
/// Puts analysis jobs into the caller's unit of work without saving: the recorder's save that ends a call carries its
/// job, so a crash loses neither. Every ended call of an agent gets one — a summary is always produced, even when the agent
/// has no analysis fields. Stateless, thread-safe.
/// </summary>
internal static class AnalysisQueue
{
    /// <summary>Adds the job of <paramref name="call"/>, which has just ended, unless it already has one.</summary>
    public static async Task OnCallEndedAsync(SwitchboardDbContext db, Call call, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(call);
        if (string.IsNullOrEmpty(call.AgentId)) return;
        if (db.CallAnalyses.Local.Any(a => a.CallId == call.Id)
            || await db.CallAnalyses.IgnoreQueryFilters().AnyAsync(a => a.CallId == call.Id, ct)) return;
        db.CallAnalyses.Add(new CallAnalysis
        {
            CallId = call.Id,
            OrganizationId = call.OrganizationId,
            NextAttemptAt = now,
            CreatedAt = now,
        });
    }

    /// <summary>Makes <paramref name="job"/> pending again from its first attempt (a re-run).</summary>
    public static void Restart(CallAnalysis job, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        job.Status = CallAnalysisStatuses.Pending;
        job.Summary = null;
        job.Fields = null;
        job.Error = null;
        job.Attempts = 0;
        job.NextAttemptAt = now;
        job.ClaimedUntil = null;
        job.CompletedAt = null;
    }
}
