namespace Switchboard.Realtime.ResponseEngines;

/// <summary>Something the engine wants done to the call; the session performs it in stream order.</summary>
public sealed record CallAction(CallActionKind Kind, string? Argument, string? Reason) : ResponseEvent;
