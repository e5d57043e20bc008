namespace Switchboard.Audio.Jitter;

/// <summary>One packet slot of the jitter buffer ring; the buffer is rented once and reused.</summary>
internal struct JitterSlot
{
    public long Sequence;
    public JitterSlotState State;
    public uint Timestamp;
    public TimeSpan Arrival;
    public int Length;
    public byte[]? Buffer;
}
