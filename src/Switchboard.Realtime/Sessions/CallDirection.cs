namespace Switchboard.Realtime.Sessions;

public enum CallDirection
{
    Inbound,
    Outbound,
    Web,
    Simulated,
}
