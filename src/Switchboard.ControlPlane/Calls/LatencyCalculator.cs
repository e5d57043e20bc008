namespace Switchboard.ControlPlane.Calls;

/// <summary>Summarizes a call's waterfall. Nearest-rank percentiles: every reported value is one that was measured.</summary>
internal static class LatencyCalculator
{
    public static LatencySummary Summarize(IReadOnlyList<TurnLatencyEntry> turns)
    {
        ArgumentNullException.ThrowIfNull(turns);
        return new LatencySummary(
            turns.Count,
            Stage(turns, static t => t.SttFinalMs),
            Stage(turns, static t => t.FirstTextMs),
            Stage(turns, static t => t.FirstAudioMs),
            Stage(turns, static t => t.FirstFrameSentMs));
    }

    /// <summary>The nearest-rank percentile of sorted values: the smallest value with at least p% of values at or below it.</summary>
    public static long Percentile(IReadOnlyList<long> sorted, int percent)
    {
        if (sorted.Count == 0) throw new ArgumentException("No values to take a percentile of.", nameof(sorted));
        if (percent is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(percent), percent, "percent must be 1 to 100.");
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
        return sorted[Math.Max(rank, 1) - 1];
    }

    private static StagePercentiles? Stage(IReadOnlyList<TurnLatencyEntry> turns, Func<TurnLatencyEntry, long?> stage)
    {
        var values = new List<long>(turns.Count);
        foreach (var turn in turns)
        {
            if (stage(turn) is { } v) values.Add(v);
        }
        if (values.Count == 0) return null;
        values.Sort();
        return new StagePercentiles(Percentile(values, 50), Percentile(values, 90), values.Count);
    }
}
