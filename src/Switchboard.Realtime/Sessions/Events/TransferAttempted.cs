namespace Switchboard.Realtime.Sessions.Events;

/// <summary>How a transfer ended. A refused transfer leaves the call with the agent.</summary>
/// <param name="Mode">One of <see cref="Transports.TransferModes"/>.</param>
/// <param name="Outcome">One of <see cref="Transports.TransferOutcomeCodes"/>.</param>
public sealed record TransferAttempted(
    string CallId, DateTimeOffset At, TimeSpan Offset, string Target, bool Accepted, string? Detail, string Mode, string Outcome)
    : CallEvent(CallId, At, Offset);
