namespace Switchboard.Audio.Rfc4733;

/// <summary>A DTMF digit assembled from RFC 4733 packets; reported exactly once per event. Immutable value.</summary>
/// <param name="Digit">The keypad character.</param>
/// <param name="EventCode">The RFC 4733 event code (0–15).</param>
/// <param name="Timestamp">The event's RTP timestamp.</param>
/// <param name="Duration">The longest duration reported for the event.</param>
/// <param name="EndReason">How the end was learnt.</param>
public readonly record struct ReceivedTelephoneEvent(char Digit, byte EventCode, uint Timestamp, TimeSpan Duration, TelephoneEventEndReason EndReason);
