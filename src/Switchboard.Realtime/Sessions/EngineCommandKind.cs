namespace Switchboard.Realtime.Sessions;

internal enum EngineCommandKind
{
    Start,
    Respond,
    NoInput,
    Heard,
    HandOver,
}
