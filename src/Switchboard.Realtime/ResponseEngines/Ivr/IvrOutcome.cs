namespace Switchboard.Realtime.ResponseEngines.Ivr;

/// <summary>How a caller left the menus.</summary>
public enum IvrOutcome
{
    /// <summary>Still in a menu (at the end of a call: the caller hung up there).</summary>
    InProgress,

    /// <summary>A <c>transfer</c> action was issued.</summary>
    Transferred,

    /// <summary>An <c>agent</c> action handed the call to the agent's LLM or flow.</summary>
    HandedOver,

    /// <summary>The menu ended the call (a <c>hangup</c> action, a message with <c>then: hangup</c>, or retries ran out).</summary>
    HungUp,
}
