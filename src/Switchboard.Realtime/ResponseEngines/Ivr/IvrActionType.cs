namespace Switchboard.Realtime.ResponseEngines.Ivr;

/// <summary>What choosing an option (or running out of retries) does; the JSON <c>action.type</c>.</summary>
internal enum IvrActionType
{
    Submenu,
    Agent,
    Transfer,
    Message,
    Hangup,
    Repeat,
    Back,
}
