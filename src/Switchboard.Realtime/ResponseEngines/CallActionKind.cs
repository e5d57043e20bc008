namespace Switchboard.Realtime.ResponseEngines;

public enum CallActionKind
{
    /// <summary>Hang up once everything queued before this action has been played.</summary>
    EndCall,

    /// <summary>Transfer to <see cref="CallAction.Argument"/> (a phone number or SIP URI) after queued audio plays.</summary>
    Transfer,

    /// <summary>Send <see cref="CallAction.Argument"/> as keypad digits (navigating someone else's IVR).</summary>
    PressDigits,

    /// <summary>An IVR menu hands the call to the agent's LLM or flow (<see cref="CallAction.Argument"/> names the target).</summary>
    HandOver,
}
