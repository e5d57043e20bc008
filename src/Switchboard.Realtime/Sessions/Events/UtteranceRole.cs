namespace Switchboard.Realtime.Sessions.Events;

public enum UtteranceRole
{
    Agent,
    User,
}
