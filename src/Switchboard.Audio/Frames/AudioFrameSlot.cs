using System.Buffers;
using System.Collections.Concurrent;

namespace Switchboard.Audio.Frames;

/// <summary>
/// The pooled storage behind <see cref="AudioFrame"/> handles. The version number increases on every release, so a
/// handle taken before a release can tell that it is stale even after the slot has been reused.
/// </summary>
internal sealed class AudioFrameSlot
{
    /// <summary>
    /// Slots kept for reuse; beyond this, released slots are left to the GC. A call queues a whole sentence of frames
    /// for playout, so 200 calls arriving at 20 per second hold ~9,000 frames during their greetings (engine load
    /// benchmark): with 4,096 the rest were allocated, lived for seconds and were copied by every gen0 collection.
    /// 16,384 keep at most ~12 MB of 20 ms frames.
    /// </summary>
    private const int MaxPooled = 16_384;

    private static readonly ConcurrentQueue<AudioFrameSlot> Pool = new();
    private static int _pooled;

    private int _version;

    public short[] Buffer { get; private set; } = [];

    public int Version => Volatile.Read(ref _version);

    public int SampleRate { get; private set; }

    public int Length { get; private set; }

    public long Timestamp { get; private set; }

    public DateTimeOffset WallClock { get; private set; }

    /// <summary>
    /// Frame buffers have a pool of their own: the shared pool keeps only a few arrays per size per core, so with hundreds
    /// of calls' frames in flight it dropped returned buffers and allocated new ones (~850 bytes per frame measured).
    /// <see cref="MaxPooled"/> arrays per size bound what is kept.
    /// </summary>
    private static readonly ArrayPool<short> SampleBuffers = ArrayPool<short>.Create(maxArrayLength: 1 << 16, maxArraysPerBucket: MaxPooled);

    public static AudioFrameSlot Rent(int sampleRate, int length, long timestamp, DateTimeOffset wallClock)
    {
        if (Pool.TryDequeue(out AudioFrameSlot? slot))
        {
            Interlocked.Decrement(ref _pooled);
        }
        else
        {
            slot = new AudioFrameSlot();
        }

        slot.Buffer = SampleBuffers.Rent(Math.Max(length, 1));
        slot.SampleRate = sampleRate;
        slot.Length = length;
        slot.Timestamp = timestamp;
        slot.WallClock = wallClock;
        return slot;
    }

    /// <summary>Releases the slot if <paramref name="version"/> is current; false if it was already released.</summary>
    public bool Release(int version)
    {
        if (Interlocked.CompareExchange(ref _version, version + 1, version) != version)
        {
            return false;
        }

        short[] buffer = Buffer;
        Buffer = [];
        SampleBuffers.Return(buffer);
        if (Interlocked.Increment(ref _pooled) <= MaxPooled)
        {
            Pool.Enqueue(this);
        }
        else
        {
            Interlocked.Decrement(ref _pooled);
        }

        return true;
    }
}
