using Microsoft.Extensions.Logging;

namespace Switchboard.Realtime.Sessions;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Error, "Call {CallId}: the media loop failed")]
    public static partial void MediaLoopFailed(ILogger logger, Exception exception, string callId);

    [LoggerMessage(2, LogLevel.Error, "Call {CallId}: the response engine failed")]
    public static partial void EngineFailed(ILogger logger, Exception exception, string callId);

    [LoggerMessage(3, LogLevel.Warning, "Call {CallId}: speech recognition failed")]
    public static partial void RecognitionFailed(ILogger logger, Exception exception, string callId);

    [LoggerMessage(4, LogLevel.Warning, "Call {CallId}: observer {Observer} failed")]
    public static partial void ObserverFailed(ILogger logger, Exception exception, string callId, string observer);

    [LoggerMessage(5, LogLevel.Error, "Call {CallId}: event {Event} dropped, observers are too slow")]
    public static partial void EventDropped(ILogger logger, string callId, string @event);

    [LoggerMessage(6, LogLevel.Error, "Call {CallId}: engine command {Command} dropped, the engine loop is stuck")]
    public static partial void CommandDropped(ILogger logger, string callId, string command);

    [LoggerMessage(7, LogLevel.Debug, "Call {CallId}: {Model} used {Input} input tokens ({Cached} cached), {Output} output")]
    public static partial void LlmUsage(ILogger logger, string callId, string model, long input, long cached, long output);

    [LoggerMessage(8, LogLevel.Warning, "Call {CallId}: response failed ({Code}): {Message}")]
    public static partial void ResponseFailed(ILogger logger, string callId, string code, string message);

    [LoggerMessage(9, LogLevel.Information, "Call {CallId}: transfer to {Target} {Outcome}")]
    public static partial void Transfer(ILogger logger, string callId, string target, string outcome);

    [LoggerMessage(10, LogLevel.Warning, "Call {CallId}: recording failed; the call goes on unrecorded")]
    public static partial void RecordingFailed(ILogger logger, Exception exception, string callId);

    [LoggerMessage(11, LogLevel.Warning, "Call {CallId}: the recognizer gave no transcript within {TimeoutMs} ms of the end of the caller's speech; that utterance is lost")]
    public static partial void UtteranceAbandoned(ILogger logger, string callId, double timeoutMs);
}
