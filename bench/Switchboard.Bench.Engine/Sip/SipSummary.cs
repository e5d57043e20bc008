namespace Switchboard.Bench.Engine.Sip;

/// <summary>The SIP modes' latency line: count, p50, p95, max.</summary>
internal static class SipSummary
{
    public static string Of(IReadOnlyList<double> ms) =>
        ms.Count == 0 ? "n=0"
            : $"n={ms.Count} p50={Percentiles.Of(ms, 50):F0} ms p95={Percentiles.Of(ms, 95):F0} ms max={ms.Max():F0} ms mean={ms.Average():F0} ms";
}
