namespace Switchboard.Bench.Api;

/// <summary>Everything one run measured, for the report.</summary>
internal sealed record BenchResults(
    BenchOptions Options,
    MachineInfo Machine,
    string LoadAverageAfter,
    DateTimeOffset StartedAt,
    int PayloadBytes,
    WrkResult? WrkBare,
    WrkResult? WrkFull,
    IReadOnlyList<WrkResult> Breakdown,
    IReadOnlyList<(string Event, double PerRequest)> EfEventsPerRequest,
    double EfCommandMsPerRequest,
    IReadOnlyList<(string Type, double BytesPerRequest)> AllocationsPerRequest,
    LoadRunResult FixedBare,
    LoadRunResult FixedFull)
{
    public const double MinThroughputRatio = 0.5;
    public const double MaxP99Ms = 5.0;

    public double? ThroughputRatio =>
        WrkBare is { RequestsPerSecond: > 0 } b && WrkFull is { } f ? f.RequestsPerSecond / b.RequestsPerSecond : null;

    // wrk's socket errors are reported beside this, not in it: closing 32 keep-alive connections at the end of a
    // run can count as read errors without any response having been wrong.
    public bool AllResponsesCorrect =>
        IsClean(FixedBare) && IsClean(FixedFull)
        && (WrkBare is null || WrkBare.Non2xx3xx == 0)
        && (WrkFull is null || WrkFull.Non2xx3xx == 0);

    private static bool IsClean(LoadRunResult r) => r.Non200 + r.WrongLength + r.Errors == 0 && r.Ok == r.Scheduled;
}
