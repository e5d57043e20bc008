namespace Switchboard.Realtime.Sessions.Events;

/// <summary>Keypad digits received from the caller (<see cref="Received"/>) or sent by the agent.</summary>
public sealed record DigitEvent(string CallId, DateTimeOffset At, TimeSpan Offset, string Digits, bool Received) : CallEvent(CallId, At, Offset);
