namespace Switchboard.Realtime.TurnTaking;

/// <summary>What the call session must do to playout after a barge-in input.</summary>
public enum BargeInAction
{
    None,
    /// <summary>The caller has spoken over the agent long enough: stop sending audio but keep it.</summary>
    PausePlayout,
    /// <summary>It was not a real turn (a backchannel, a cough): continue from where playout paused.</summary>
    ResumePlayout,
    /// <summary>A real interruption: flush unplayed audio, cancel the LLM and TTS, keep only what was heard.</summary>
    Interrupt,
}
