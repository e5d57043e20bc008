using Microsoft.Extensions.Logging;

namespace Switchboard.Realtime.Transports.Browser;

internal static partial class BrowserChannelLog
{
    [LoggerMessage(1, LogLevel.Debug, "Call {CallId}: the browser connection failed while receiving")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception, string callId);

    [LoggerMessage(2, LogLevel.Debug, "Call {CallId}: the browser connection failed while sending")]
    public static partial void SendFailed(ILogger logger, Exception exception, string callId);

    [LoggerMessage(3, LogLevel.Warning, "Call {CallId}: the browser is not reading; agent audio dropped")]
    public static partial void AudioDropped(ILogger logger, string callId);

    [LoggerMessage(4, LogLevel.Warning, "Call {CallId}: the browser did not close in time; connection aborted")]
    public static partial void CloseTimedOut(ILogger logger, string callId);

    [LoggerMessage(5, LogLevel.Debug, "Call {CallId}: rejected a control message from the browser ({Code})")]
    public static partial void ControlRejected(ILogger logger, string callId, string code);
}
