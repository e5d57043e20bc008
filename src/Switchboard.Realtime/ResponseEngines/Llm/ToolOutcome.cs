using Switchboard.Realtime.Tools;

namespace Switchboard.Realtime.ResponseEngines.Llm;

/// <summary>How one tool call ended. <paramref name="Replayed"/>: the journal already held its result, so it did not run.</summary>
internal sealed record ToolOutcome(ToolInvocation Invocation, ToolResult Result, TimeSpan Elapsed, bool Replayed);
