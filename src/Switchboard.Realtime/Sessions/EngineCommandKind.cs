namespace Switchboard.Realtime.Sessions;

internal enum EngineCommandKind
{
    Start,
    Respond,
    NoInput,
    Heard,
    HandOver,

    /// <summary>Speak the given text now (injected through the live call API).</summary>
    Say,

    /// <summary>Add the given text to the engine's context without speaking (injected through the live call API).</summary>
    Context,

    /// <summary>A transfer did not happen; the agent carries on with the caller (<see cref="EngineCommand.Failure"/>).</summary>
    TransferFailed,
}
