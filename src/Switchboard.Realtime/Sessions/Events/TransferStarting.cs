namespace Switchboard.Realtime.Sessions.Events;

/// <summary>A transfer begins: the agent's last words before it have played. <see cref="TransferAttempted"/> follows with the outcome.</summary>
/// <param name="Mode">One of <see cref="Transports.TransferModes"/>.</param>
public sealed record TransferStarting(string CallId, DateTimeOffset At, TimeSpan Offset, string Target, string Mode)
    : CallEvent(CallId, At, Offset);
