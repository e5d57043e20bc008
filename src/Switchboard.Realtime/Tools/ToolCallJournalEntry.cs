namespace Switchboard.Realtime.Tools;

/// <summary>One journaled tool call; <see cref="Result"/> is null while it runs (or if it never finished).</summary>
public sealed record ToolCallJournalEntry(ToolInvocation Invocation, ToolResult? Result, TimeSpan? Elapsed);
