using Microsoft.Extensions.Logging;

namespace Switchboard.Realtime.ResponseEngines.Llm;

/// <summary>The engine's log lines. Never the prompt, the caller's words or the model's (ARCHITECTURE.md §9.9).</summary>
internal static partial class LlmEngineLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Call {CallId}: model request failed ({Code}): {Reason}; speaking the fallback line")]
    public static partial void ResponseFailed(ILogger logger, string callId, string code, string reason);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Debug, Message = "Call {CallId}: tool {Tool} ({Key}) finished in {ElapsedMs} ms, error: {IsError}, replayed: {Replayed}")]
    public static partial void ToolFinished(ILogger logger, string callId, string tool, string key, double elapsedMs, bool isError, bool replayed);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Debug, Message = "Call {CallId}: dropped {Count} old messages to stay within {Budget} tokens")]
    public static partial void HistoryTrimmed(ILogger logger, string callId, int count, int budget);
}
