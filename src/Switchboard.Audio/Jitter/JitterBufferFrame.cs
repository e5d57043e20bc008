namespace Switchboard.Audio.Jitter;

/// <summary>Result of <see cref="JitterBuffer.Pop"/>. Immutable value.</summary>
/// <param name="Outcome">Packet, conceal or empty.</param>
/// <param name="SequenceNumber">For <see cref="JitterBufferOutcome.Packet"/> and <see cref="JitterBufferOutcome.Conceal"/>: the frame's RTP sequence number.</param>
/// <param name="Timestamp">For <see cref="JitterBufferOutcome.Packet"/>: the packet's RTP timestamp; for a concealed frame, the one it would have had.</param>
/// <param name="PayloadLength">For <see cref="JitterBufferOutcome.Packet"/>: bytes written to the caller's destination; otherwise 0.</param>
public readonly record struct JitterBufferFrame(JitterBufferOutcome Outcome, ushort SequenceNumber, uint Timestamp, int PayloadLength);
