namespace Switchboard.Bench.Api;

/// <summary>
/// One constant-rate run. <see cref="Latency"/> is measured from each request's scheduled send time (so a stalled
/// server is charged for the requests it delayed); <see cref="ServiceTime"/> from the moment it was actually sent;
/// <see cref="DispatchLag"/> is how late the generator itself sent, so its own share is visible.
/// </summary>
internal sealed record LoadRunResult(
    string Name,
    int TargetRate,
    TimeSpan Duration,
    int Scheduled,
    int Ok,
    int Non200,
    int WrongLength,
    int Errors,
    double AchievedRate,
    LatencySummary Latency,
    LatencySummary ServiceTime,
    LatencySummary DispatchLag,
    string? FirstFailure);
