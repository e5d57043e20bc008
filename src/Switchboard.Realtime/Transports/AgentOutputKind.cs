namespace Switchboard.Realtime.Transports;

/// <summary>What an <see cref="AgentOutput"/> carries.</summary>
public enum AgentOutputKind
{
    Audio,
    Digits,
    HangUp,
    Transfer,
    Clear,
}
