namespace Switchboard.Audio.Rfc4733;

/// <summary>
/// One RTP packet of a telephone-event sequence as produced by <see cref="TelephoneEventSender"/>. The RTP layer adds
/// sequence number and SSRC. Immutable value.
/// </summary>
/// <param name="Marker">RTP marker bit: set on the first packet of an event.</param>
/// <param name="Timestamp">RTP timestamp: the event's start, the same for every packet of the event.</param>
/// <param name="SendOffset">When to send the packet, relative to the start of the event.</param>
/// <param name="Event">The payload.</param>
public readonly record struct TelephoneEventPacket(bool Marker, uint Timestamp, TimeSpan SendOffset, TelephoneEvent Event);
