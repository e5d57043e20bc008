namespace Switchboard.Audio.Jitter;

/// <summary>What <see cref="JitterBuffer.Put"/> did with a packet.</summary>
public enum JitterBufferPutResult
{
    /// <summary>Stored for playout.</summary>
    Accepted,

    /// <summary>Dropped: the same sequence number is buffered or was already played.</summary>
    Duplicate,

    /// <summary>Dropped: its playout time has passed.</summary>
    Late,

    /// <summary>Stored, but the sequence number jumped beyond the buffer's reach, so the buffer restarted from it.</summary>
    Resynchronized,
}
