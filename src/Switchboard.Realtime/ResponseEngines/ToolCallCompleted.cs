namespace Switchboard.Realtime.ResponseEngines;

/// <summary>A tool finished: its result (JSON or text) as the model will see it.</summary>
public sealed record ToolCallCompleted(string IdempotencyKey, string Name, string Result, bool IsError, TimeSpan Elapsed) : ResponseEvent;
