namespace Switchboard.Sip.Rtp;

/// <summary>
/// The byte buffers one <see cref="RtpSession"/> keeps for its whole life (jitter buffer slots, frame assembler,
/// packet and RTCP buffers, the socket loops' receive buffers), carved out of one block of a
/// <see cref="RtpSessionMemoryPool"/> slab.
/// </summary>
/// <remarks>
/// Why: a call's buffers live for the call, so allocating them per call puts tens of kB per call into gen0 that
/// every collection with hundreds of calls up has to copy; a pooled block sits in the pinned object heap and is
/// never copied. Not thread-safe by itself: one session uses it between <see cref="RtpSessionMemoryPool.Rent"/> and
/// <see cref="RtpSessionMemoryPool.Return"/>; the pool checks that a block goes back once.
/// </remarks>
internal sealed class RtpSessionMemory
{
    /// <summary>Jitter buffer slots the pooled block serves (the default capacity); sessions configured for more allocate their own.</summary>
    public const int JitterSlots = 64;

    /// <summary>Socket receive buffer size (a datagram larger than this is truncated, as before).</summary>
    public const int ReceiveBufferSize = 2048;

    private const int Align = 64;

    private static readonly int[] Sizes =
    [
        JitterSlots * RtpSession.SamplesPerFrame, // jitter slot storage: the assembler only ever puts whole 20 ms frames
        RtpFrameAssembler.StorageSize,
        RtpPacket.FixedHeaderSize + 1500, // send
        RtpSession.SamplesPerFrame * 3, // payload of a 60 ms packet at most
        1500, // pop: the largest payload accepted
        RtpSession.SamplesPerFrame * sizeof(short), // previous frame, for concealment
        RtcpReportWriter.MaxSize(255),
        ReceiveBufferSize,
        ReceiveBufferSize,
    ];

    /// <summary>Bytes one block takes in a slab.</summary>
    public static readonly int BlockSize = Offset(Sizes.Length);

    private readonly Memory<byte> _block;
    private int _rented;

    internal RtpSessionMemory(Memory<byte> block)
    {
        _block = block;
        JitterStorage = Slice(block, 0);
        AssemblerStorage = Slice(block, 1);
        Send = Slice(block, 2);
        Payload = Slice(block, 3);
        Pop = Slice(block, 4);
        Previous = Slice(block, 5);
        Rtcp = Slice(block, 6);
        RtpReceive = Slice(block, 7);
        RtcpReceive = Slice(block, 8);
    }

    public Memory<byte> JitterStorage { get; }

    public Memory<byte> AssemblerStorage { get; }

    public Memory<byte> Send { get; }

    public Memory<byte> Payload { get; }

    public Memory<byte> Pop { get; }

    public Memory<byte> Previous { get; }

    public Memory<byte> Rtcp { get; }

    public Memory<byte> RtpReceive { get; }

    public Memory<byte> RtcpReceive { get; }

    /// <summary>
    /// Marks the block handed out and zeroes it (the last call's audio must not be concealed into the next one);
    /// false if it already was out.
    /// </summary>
    internal bool TryMarkRented()
    {
        if (Interlocked.Exchange(ref _rented, 1) != 0)
        {
            return false;
        }

        _block.Span.Clear();
        return true;
    }

    /// <summary>Marks the block back; false if it was not out (a second return).</summary>
    internal bool TryMarkReturned() => Interlocked.Exchange(ref _rented, 0) == 1;

    private static Memory<byte> Slice(Memory<byte> block, int index) => block.Slice(Offset(index), Sizes[index]);

    private static int Offset(int index)
    {
        int offset = 0;
        for (int i = 0; i < index; i++)
        {
            offset += (Sizes[i] + Align - 1) & ~(Align - 1);
        }

        return offset;
    }
}
