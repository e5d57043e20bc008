namespace Switchboard.Realtime.Sessions.Events;

public sealed record TransferAttempted(string CallId, DateTimeOffset At, TimeSpan Offset, string Target, bool Accepted, string? Detail)
    : CallEvent(CallId, At, Offset);
