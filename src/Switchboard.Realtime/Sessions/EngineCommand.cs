using Switchboard.Realtime.ResponseEngines;

namespace Switchboard.Realtime.Sessions;

/// <summary>What the media loop asks of the engine loop, in order.</summary>
internal sealed record EngineCommand(EngineCommandKind Kind, int ResponseId, UserTurn? Turn = null, int Count = 0, string? Text = null,
    bool Interrupted = false, TurnProbe? Probe = null, TransferFailure? Failure = null);
