namespace Switchboard.ControlPlane.Calls;

/// <summary>The waterfall of every turn in order, and the summary (stored at the end, computed live before).</summary>
internal sealed record CallLatency(IReadOnlyList<TurnLatencyEntry> Turns, LatencySummary Summary);
