using Microsoft.Extensions.AI;

namespace Switchboard.Realtime.ResponseEngines.Llm;

/// <summary>
/// A tool call of a model round: running or finished. When the caller interrupts the response, the round's calls are
/// parked as these until the next response starts, which waits for them and puts their results into the history;
/// <paramref name="Reported"/> says whether its <see cref="ToolCallCompleted"/> was already yielded.
/// </summary>
internal sealed record PendingToolCall(FunctionCallContent Call, Task<ToolOutcome> Outcome, bool Reported);
