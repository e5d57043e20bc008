namespace Switchboard.Realtime.Sessions;

/// <summary>How an agent decides what to say.</summary>
public enum ResponseEngineKind
{
    Llm,
    Flow,
    Ivr,
}
