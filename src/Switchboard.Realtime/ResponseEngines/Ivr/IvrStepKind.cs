namespace Switchboard.Realtime.ResponseEngines.Ivr;

/// <summary>What happened at one step of a caller's way through the menus.</summary>
public enum IvrStepKind
{
    /// <summary>A menu was entered (the root at start, a submenu, or a parent after <c>back</c>) and its prompt spoken.</summary>
    Entered,

    /// <summary>The caller chose an option by key or by voice.</summary>
    Selected,

    /// <summary>The caller's key or words matched no option.</summary>
    Invalid,

    /// <summary>The caller gave no input before the menu's timeout.</summary>
    NoInput,

    /// <summary>Retries ran out; the menu's <c>on_max_retries</c> action ran.</summary>
    MaxRetries,
}
