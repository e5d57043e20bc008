namespace Switchboard.Bench.Engine;

/// <summary>Nearest-rank percentiles of a sample, formatted in milliseconds.</summary>
internal static class Percentiles
{
    public static double Of(IReadOnlyList<double> values, double percentile)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static string Summary(IReadOnlyList<double> ms) =>
        ms.Count == 0 ? "n=0"
            : $"n={ms.Count} p50={Of(ms, 50):F3} ms p99={Of(ms, 99):F3} ms max={ms.Max():F3} ms mean={ms.Average():F3} ms";
}
