namespace Switchboard.ControlPlane.Calls;

/// <summary>
/// A call's latency summary: per waterfall stage, p50/p90 over its turns; a stage no turn reached is absent.
/// Stored as JSON in <c>calls.latency_summary</c> when the call ends.
/// </summary>
internal sealed record LatencySummary(
    int Turns,
    StagePercentiles? SttFinalMs,
    StagePercentiles? FirstTextMs,
    StagePercentiles? FirstAudioMs,
    StagePercentiles? FirstFrameSentMs);
