namespace Switchboard.Realtime.ResponseEngines;

/// <summary>Something the engine wants done to the call; the session performs it in stream order.</summary>
public sealed record CallAction(CallActionKind Kind, string? Argument, string? Reason) : ResponseEvent
{
    /// <summary>For <see cref="CallActionKind.Transfer"/>: one of <see cref="Transports.TransferModes"/> (cold by default).</summary>
    public string TransferMode { get; init; } = Transports.TransferModes.Cold;

    /// <summary>For a warm transfer: what the agent tells the person who answers before joining the caller.</summary>
    public string? Summary { get; init; }
}
