namespace Switchboard.ControlPlane.Calls;

/// <summary>p50 and p90 (nearest rank) of one waterfall stage over the turns where it happened, in milliseconds.</summary>
internal sealed record StagePercentiles(long P50, long P90, int Count);
