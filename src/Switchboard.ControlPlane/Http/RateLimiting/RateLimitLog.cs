using Microsoft.Extensions.Logging;

namespace Switchboard.ControlPlane.Http.RateLimiting;

/// <summary>Source-generated log messages for the rate-limit stores.</summary>
internal static partial class RateLimitLog
{
    // Partition keys carry API key ids (not secrets) and client addresses; the policy name is enough to act on.
    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning,
        Message = "Rate-limit store unavailable; allowing request uncounted (fail-open) for policy {Policy}")]
    public static partial void AcquireFailedOpen(ILogger logger, string policy, Exception exception);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning,
        Message = "Quota store unavailable; allowing request uncounted (fail-open)")]
    public static partial void QuotaFailedOpen(ILogger logger, Exception exception);
}
