namespace Switchboard.Realtime.Sessions.Events;

/// <summary>A tool call and its outcome (<see cref="Arguments"/> and <see cref="Result"/> as JSON text).</summary>
public sealed record ToolCalled(string CallId, DateTimeOffset At, TimeSpan Offset, string IdempotencyKey, string Name, string Arguments,
    string? Result, bool IsError, TimeSpan Elapsed) : CallEvent(CallId, At, Offset);
