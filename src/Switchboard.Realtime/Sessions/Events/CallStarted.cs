namespace Switchboard.Realtime.Sessions.Events;

public sealed record CallStarted(string CallId, DateTimeOffset At, TimeSpan Offset, string OrganizationId, string AgentId, int AgentVersion,
    CallDirection Direction, string? From, string? To) : CallEvent(CallId, At, Offset);
