namespace Switchboard.Realtime.ResponseEngines.Ivr;

/// <summary>Where a <c>message</c> action goes after speaking: the JSON <c>then</c>.</summary>
internal enum IvrMessageThen
{
    /// <summary>Back to the menu the option belongs to, prompting it again (the default).</summary>
    Menu,

    /// <summary>Up to the parent menu.</summary>
    Back,

    /// <summary>End the call.</summary>
    Hangup,
}
