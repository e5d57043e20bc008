using Switchboard.Realtime.Tools;

namespace Switchboard.Realtime.ResponseEngines.Flow;

/// <summary>
/// A <c>function</c> node's tool call that has been journaled and started. It is kept across a cancelled response so the
/// next turn awaits the same call instead of running the tool again.
/// </summary>
internal sealed record PendingToolCall(string NodeId, ToolInvocation Invocation, Task<(ToolResult Result, TimeSpan Elapsed)> Completion);
