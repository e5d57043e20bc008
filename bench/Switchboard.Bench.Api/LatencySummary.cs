namespace Switchboard.Bench.Api;

/// <summary>Percentiles of one set of latencies, in milliseconds.</summary>
internal sealed record LatencySummary(int Count, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs)
{
    public static readonly LatencySummary Empty = new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>Sorts <paramref name="ticks"/> in place (timestamp ticks at <paramref name="frequency"/> per second).</summary>
    public static LatencySummary FromTicks(Span<long> ticks, long frequency)
    {
        if (ticks.IsEmpty) return Empty;
        ticks.Sort();
        double ToMs(long t) => t * 1000.0 / frequency;
        return new LatencySummary(ticks.Length,
            ToMs(Percentile(ticks, 0.50)), ToMs(Percentile(ticks, 0.90)), ToMs(Percentile(ticks, 0.99)),
            ToMs(Percentile(ticks, 0.999)), ToMs(ticks[^1]));
    }

    // Nearest rank: the smallest value with at least p of the samples at or below it (what HdrHistogram/wrk report).
    internal static long Percentile(ReadOnlySpan<long> sorted, double p)
    {
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
