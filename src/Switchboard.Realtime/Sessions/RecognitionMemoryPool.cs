using System.Buffers;
using System.Collections.Concurrent;

namespace Switchboard.Realtime.Sessions;

/// <summary>
/// Segments for the recognizer pipes (one pipe per caller utterance). The default pool behind a pipe is the shared array
/// pool, which keeps only a few 4 KB arrays per core: with 200 calls and dozens of callers speaking at once, most
/// segments were new arrays, ~700 bytes of garbage per inbound frame (engine load benchmark). Segments here are kept
/// for reuse, with their owner objects, up to <see cref="MaxPooled"/>. Thread-safe.
/// </summary>
internal sealed class RecognitionMemoryPool : MemoryPool<byte>
{
    public const int SegmentSize = 4096;

    /// <summary>16 MB of segments at most (a segment holds 128 ms of 16 kHz audio).</summary>
    private const int MaxPooled = 4096;

    private readonly ConcurrentQueue<Segment> _free = new();
    private int _count;

    public static RecognitionMemoryPool Instance { get; } = new();

    public override int MaxBufferSize => SegmentSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, SegmentSize);
        if (_free.TryDequeue(out var segment))
        {
            Interlocked.Decrement(ref _count);
            segment.Taken();
            return segment;
        }
        return new Segment(this);
    }

    protected override void Dispose(bool disposing)
    {
        // Process-wide: nothing to release.
    }

    private void Return(Segment segment)
    {
        if (Interlocked.Increment(ref _count) > MaxPooled)
        {
            Interlocked.Decrement(ref _count);
            return;
        }
        _free.Enqueue(segment);
    }

    private sealed class Segment(RecognitionMemoryPool pool) : IMemoryOwner<byte>
    {
        private readonly byte[] _array = new byte[SegmentSize];
        private int _returned;

        public Memory<byte> Memory => Volatile.Read(ref _returned) == 0 ? _array : throw new ObjectDisposedException(nameof(Segment));

        public void Taken() => Volatile.Write(ref _returned, 0);

        public void Dispose()
        {
            // A second dispose must not put the segment in the pool twice.
            if (Interlocked.Exchange(ref _returned, 1) == 0) pool.Return(this);
        }
    }
}
