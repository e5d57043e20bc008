namespace Switchboard.Bench.Api;

/// <summary>What one wrk run reported; latencies in milliseconds, NaN when wrk did not print them.</summary>
internal sealed record WrkResult(
    string Name,
    string Command,
    double RequestsPerSecond,
    long Requests,
    long Non2xx3xx,
    long SocketErrors,
    string SocketErrorDetail,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    double AllocatedBytesPerRequest,
    double CpuMicrosecondsPerRequest,
    string RawOutput);
