using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Analysis;

/// <summary>
/// A call's post-call analysis (table <c>call_analyses</c>, one row per call): the job while it is
/// <see cref="CallAnalysisStatuses.Pending"/> (claimed by <see cref="AnalysisWorker"/> like the webhook outbox), then its
/// result. Kept apart from <c>calls</c> so that claiming jobs never locks call rows the recorder writes.
/// </summary>
internal sealed class CallAnalysis : ITenantOwned
{
    public required string CallId { get; set; }
    public string OrganizationId { get; set; } = "";

    /// <summary>One of <see cref="CallAnalysisStatuses"/>'s values.</summary>
    public string Status { get; set; } = CallAnalysisStatuses.Pending;
    public string? Summary { get; set; }

    /// <summary>JSON object of the agent's analysis fields (null values for what the call did not settle).</summary>
    public string? Fields { get; set; }

    /// <summary>Why the last attempt failed, or why the analysis was skipped.</summary>
    public string? Error { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Until then the job belongs to the node that claimed it.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}
