namespace Switchboard.Realtime.Sessions;

internal enum SpeechSignalKind
{
    Partial,
    Final,
    Completed,
}
