using Microsoft.Extensions.Logging;

namespace Switchboard.Speech.Failover;

/// <summary>Failover log messages. They name providers and errors, never text, audio or keys.</summary>
internal static partial class FailoverLog
{
    [LoggerMessage(1, LogLevel.Warning, "{Kind} provider {Primary} failed before its first result; {Fallback} serves the request")]
    internal static partial void FailedOver(ILogger logger, string kind, string primary, string fallback, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "{Kind} provider {Primary} failed mid-stream after producing results; not replayed, the error is passed on and {Fallback} serves new requests for {Cooldown}")]
    internal static partial void FailedMidStream(ILogger logger, string kind, string primary, string fallback, TimeSpan cooldown, Exception exception);

    [LoggerMessage(3, LogLevel.Information, "{Kind} provider {Primary} is cooling down after a failure; {Fallback} serves the request")]
    internal static partial void CoolingDown(ILogger logger, string kind, string primary, string fallback);

    [LoggerMessage(4, LogLevel.Warning, "{Kind} provider {Primary} failed before its first result but its input could not be kept for the fallback; the error is passed on")]
    internal static partial void CannotReplay(ILogger logger, string kind, string primary, Exception exception);
}
