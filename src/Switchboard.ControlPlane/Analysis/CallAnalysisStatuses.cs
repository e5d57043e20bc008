namespace Switchboard.ControlPlane.Analysis;

/// <summary>The lifecycle of a <see cref="CallAnalysis"/>: pending, then completed, failed (attempts used up) or skipped.</summary>
internal static class CallAnalysisStatuses
{
    public const string Pending = "pending";
    public const string Completed = "completed";
    public const string Failed = "failed";

    /// <summary>Nothing to analyse with: the agent has no LLM (flow and IVR agents) or no key for it.</summary>
    public const string Skipped = "skipped";
}
