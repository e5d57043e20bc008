using System.Numerics;
using Switchboard.Audio.Jitter;

namespace Switchboard.Sip.Rtp;

/// <summary>
/// Repacketises received G.711 payloads of any length (10, 20, 30, 60 ms or odd sizes) into 20 ms frames on the
/// sender's timestamp grid before they enter the jitter buffer, so the buffer, which plays one packet per 20 ms tick,
/// never sees a packet longer or shorter than a tick. Frames are numbered from the RTP timestamp, not the sequence
/// number, because one packet may complete two frames and two packets may share one.
/// </summary>
/// <remarks>
/// <para>Not thread-safe: the owning <see cref="RtpSession"/> calls it under its lock. Allocation-free after construction.</para>
/// <para>A frame that only part of arrived waits in a small set of slots for the packet carrying its rest. As soon as
/// a packet starts past it, its neighbour is taken as lost and it goes to the jitter buffer with the missing samples
/// as silence: waiting longer would make it late for playout, and what did arrive should not be thrown away. A
/// reordered neighbour arriving after that only loses its piece of this frame.</para>
/// <para>Completed frames are released into the jitter buffer at most one per media tick (plus one on arrival if
/// none went this tick), with the release time as their arrival: a 60 ms packet is three frames at once, and the
/// jitter buffer, sizing its delay in frames, would otherwise start playing the burst with no cushion for the wait
/// until the next packet. Paced, it sees a steady 20 ms stream and its delay covers only real network jitter.</para>
/// <para>A timestamp jump of more than <see cref="ReanchorSamples"/> either way (silence suppression, a new source,
/// a peer restart) starts a new frame grid right after the highest frame so far, so the frame numbers the jitter
/// buffer sees stay continuous instead of jumping past its capacity.</para>
/// </remarks>
internal sealed class RtpFrameAssembler
{
    /// <summary>Samples in one frame (20 ms at 8 kHz).</summary>
    public const int FrameSamples = 160;

    /// <summary>A timestamp step larger than this (1 s) is a new timeline, not reordering.</summary>
    public const int ReanchorSamples = 8000;

    private const int Slots = 8;
    private const int QueueFrames = 16;
    private const int WordsPerFrame = (FrameSamples + 63) / 64;

    /// <summary>Bytes of sample storage the assembler needs (partial frames, then the release queue).</summary>
    public const int StorageSize = (Slots + QueueFrames) * FrameSamples;

    private readonly byte _silence;
    private readonly Memory<byte> _partial;
    private readonly ulong[] _filled = new ulong[Slots * WordsPerFrame];
    private readonly long[] _partialFrame = new long[Slots];
    private readonly uint[] _partialTimestamp = new uint[Slots];
    private readonly TimeSpan[] _partialArrival = new TimeSpan[Slots];
    private readonly bool[] _occupied = new bool[Slots];

    private readonly Memory<byte> _queue;
    private readonly long[] _queueFrame = new long[QueueFrames];
    private readonly uint[] _queueTimestamp = new uint[QueueFrames];
    private int _queueHead;
    private int _queueCount;
    private bool _releasedThisTick;

    private bool _anchored;
    private bool _hasPut;
    private uint _lastTimestamp;
    private long _lastPosition;
    private long _highestFrame;

    /// <param name="silence">The payload byte of silence for the codec (padding of incomplete frames).</param>
    public RtpFrameAssembler(byte silence)
        : this(silence, new byte[StorageSize])
    {
    }

    /// <param name="silence">The payload byte of silence for the codec (padding of incomplete frames).</param>
    /// <param name="storage">At least <see cref="StorageSize"/> bytes the assembler may use for its life (pooled by the session).</param>
    public RtpFrameAssembler(byte silence, Memory<byte> storage)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(storage.Length, StorageSize, nameof(storage));
        _silence = silence;
        _partial = storage[..(Slots * FrameSamples)];
        _queue = storage.Slice(Slots * FrameSamples, QueueFrames * FrameSamples);
    }

    /// <summary>Frames put into the jitter buffer with samples missing (their neighbour packet never came).</summary>
    public long PaddedFrames { get; private set; }

    /// <summary>Forgets the timeline (a new SSRC); the next packet anchors a new grid after the frames already given out.</summary>
    public void Restart() => _anchored = false;

    /// <summary>Completed frames waiting to be released into the jitter buffer.</summary>
    public int QueuedFrames => _queueCount;

    /// <summary>Called once per media tick before the jitter buffer is popped: releases the next completed frame.</summary>
    public void OnTick(TimeSpan now, JitterBuffer jitter)
    {
        _releasedThisTick = false;
        ReleaseOne(now, jitter);
    }

    /// <summary>Splits one packet's payload into frames; completed ones are queued for <paramref name="jitter"/>.</summary>
    public void Add(uint timestamp, ReadOnlySpan<byte> payload, TimeSpan arrival, JitterBuffer jitter)
    {
        if (payload.IsEmpty)
        {
            return;
        }

        long position = Locate(timestamp);
        _lastTimestamp = timestamp;
        _lastPosition = position;
        long firstFrame = FloorFrame(position);
        FlushStale(firstFrame, jitter);

        int offset = 0;
        while (offset < payload.Length)
        {
            long samplePosition = position + offset;
            long frame = FloorFrame(samplePosition);
            int within = (int)(samplePosition - (frame * FrameSamples));
            int take = Math.Min(FrameSamples - within, payload.Length - offset);
            uint frameTimestamp = timestamp + (uint)((frame * FrameSamples) - position);
            ReadOnlySpan<byte> piece = payload.Slice(offset, take);
            if (take == FrameSamples)
            {
                DropPartial(frame);
                Put(jitter, frame, frameTimestamp, arrival, piece);
            }
            else
            {
                AddPiece(frame, frameTimestamp, within, piece, arrival, jitter);
            }

            offset += take;
        }

        if (!_releasedThisTick)
        {
            ReleaseOne(arrival, jitter);
        }
    }

    private static long FloorFrame(long samplePosition) =>
        samplePosition >= 0 ? samplePosition / FrameSamples : ((samplePosition + 1) / FrameSamples) - 1;

    private long Locate(uint timestamp)
    {
        if (_anchored)
        {
            int step = (int)(timestamp - _lastTimestamp);
            if (Math.Abs((long)step) <= ReanchorSamples)
            {
                return _lastPosition + step;
            }
        }

        // A fresh grid starting at the frame after everything given out so far.
        long position = _hasPut ? (_highestFrame + 1) * FrameSamples : 0;
        _anchored = true;
        return position;
    }

    private void AddPiece(long frame, uint frameTimestamp, int within, ReadOnlySpan<byte> piece, TimeSpan arrival, JitterBuffer jitter)
    {
        int slot = (int)(frame & (Slots - 1));
        if (_occupied[slot] && _partialFrame[slot] != frame)
        {
            if (_partialFrame[slot] > frame)
            {
                // Older than a frame already waiting in its slot: far too late to be played.
                return;
            }

            Flush(slot, jitter);
        }

        if (!_occupied[slot])
        {
            _occupied[slot] = true;
            _partialFrame[slot] = frame;
            _partialTimestamp[slot] = frameTimestamp;
            _filled.AsSpan(slot * WordsPerFrame, WordsPerFrame).Clear();
        }

        piece.CopyTo(_partial.Span.Slice((slot * FrameSamples) + within));
        _partialArrival[slot] = arrival;
        Span<ulong> bits = _filled.AsSpan(slot * WordsPerFrame, WordsPerFrame);
        for (int i = within; i < within + piece.Length; i++)
        {
            bits[i >> 6] |= 1UL << (i & 63);
        }

        int count = 0;
        for (int w = 0; w < WordsPerFrame; w++)
        {
            count += BitOperations.PopCount(bits[w]);
        }

        if (count == FrameSamples)
        {
            _occupied[slot] = false;
            Put(jitter, frame, frameTimestamp, arrival, _partial.Span.Slice(slot * FrameSamples, FrameSamples));
        }
    }

    private void FlushStale(long before, JitterBuffer jitter)
    {
        for (int slot = 0; slot < Slots; slot++)
        {
            if (_occupied[slot] && _partialFrame[slot] < before)
            {
                Flush(slot, jitter);
            }
        }
    }

    private void Flush(int slot, JitterBuffer jitter)
    {
        Span<byte> samples = _partial.Span.Slice(slot * FrameSamples, FrameSamples);
        ReadOnlySpan<ulong> bits = _filled.AsSpan(slot * WordsPerFrame, WordsPerFrame);
        for (int i = 0; i < FrameSamples; i++)
        {
            if ((bits[i >> 6] & (1UL << (i & 63))) == 0)
            {
                samples[i] = _silence;
            }
        }

        _occupied[slot] = false;
        PaddedFrames++;
        Put(jitter, _partialFrame[slot], _partialTimestamp[slot], _partialArrival[slot], samples);
    }

    private void DropPartial(long frame)
    {
        int slot = (int)(frame & (Slots - 1));
        if (_occupied[slot] && _partialFrame[slot] == frame)
        {
            _occupied[slot] = false;
        }
    }

    private void Put(JitterBuffer jitter, long frame, uint timestamp, TimeSpan arrival, ReadOnlySpan<byte> samples)
    {
        if (!_hasPut || frame > _highestFrame)
        {
            _highestFrame = frame;
            _hasPut = true;
        }

        if (_queueCount == QueueFrames)
        {
            // Only a packet of more than 16 frames' worth could get here; the oldest goes unpaced rather than lost.
            int oldest = _queueHead;
            _queueHead = (_queueHead + 1) % QueueFrames;
            _queueCount--;
            jitter.Put((ushort)_queueFrame[oldest], _queueTimestamp[oldest], arrival, _queue.Span.Slice(oldest * FrameSamples, FrameSamples));
        }

        int tail = (_queueHead + _queueCount) % QueueFrames;
        samples.CopyTo(_queue.Span.Slice(tail * FrameSamples, FrameSamples));
        _queueFrame[tail] = frame;
        _queueTimestamp[tail] = timestamp;
        _queueCount++;
    }

    private void ReleaseOne(TimeSpan now, JitterBuffer jitter)
    {
        if (_queueCount == 0)
        {
            return;
        }

        int head = _queueHead;
        _queueHead = (_queueHead + 1) % QueueFrames;
        _queueCount--;
        _releasedThisTick = true;
        jitter.Put((ushort)_queueFrame[head], _queueTimestamp[head], now, _queue.Span.Slice(head * FrameSamples, FrameSamples));
    }
}
