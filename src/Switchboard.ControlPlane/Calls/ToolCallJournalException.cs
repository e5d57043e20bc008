namespace Switchboard.ControlPlane.Calls;

/// <summary>The tool call journal cannot record an invocation (its key belongs to another organization's call).</summary>
public sealed class ToolCallJournalException(string message) : Exception(message);
