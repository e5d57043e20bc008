namespace Switchboard.Audio.Jitter;

/// <summary>What <see cref="JitterBuffer.Pop"/> produced for one frame slot.</summary>
public enum JitterBufferOutcome
{
    /// <summary>Nothing to play: still buffering, underrun, or a loss past the concealment budget. Play silence or comfort noise.</summary>
    Empty,

    /// <summary>A packet's payload was copied out.</summary>
    Packet,

    /// <summary>
    /// The expected packet is lost, or the buffer is holding playout one frame to deepen itself: repeat or fade the
    /// previous frame (see <see cref="PcmConcealment"/>).
    /// </summary>
    Conceal,
}
