using System.Buffers.Binary;

namespace Switchboard.Realtime.Transports.Browser;

/// <summary>
/// Microphone audio from the browser waiting for the channel's clock: little-endian PCM16 bytes in, whatever message
/// boundaries they came with (a sample may even be split across two messages), whole frames out.
/// </summary>
/// <remarks>Thread-safe: one writer (the receive loop) and one reader (the clock) share it under a lock.</remarks>
internal sealed class InboundAudioBuffer
{
    private readonly object _gate = new();
    private readonly short[] _ring;
    private int _head; // index of the oldest sample
    private int _count;
    private byte _carry;
    private bool _hasCarry;
    private long _dropped;

    public InboundAudioBuffer(int capacitySamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacitySamples, 1);
        _ring = new short[capacitySamples];
    }

    /// <summary>Samples waiting.</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _count;
        }
    }

    /// <summary>Samples thrown away because the browser ran ahead of the clock by more than the capacity.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Appends PCM16 little-endian bytes; an odd trailing byte waits for the next call.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            if (_hasCarry && bytes.Length > 0)
            {
                Push((short)(_carry | (bytes[0] << 8)));
                _hasCarry = false;
                bytes = bytes[1..];
            }
            var whole = bytes.Length & ~1;
            for (var i = 0; i < whole; i += 2) Push(BinaryPrimitives.ReadInt16LittleEndian(bytes.Slice(i, 2)));
            if (whole < bytes.Length)
            {
                _carry = bytes[whole];
                _hasCarry = true;
            }
        }
    }

    /// <summary>Fills <paramref name="frame"/> with the oldest samples if a whole frame is waiting.</summary>
    public bool TryRead(Span<short> frame)
    {
        lock (_gate)
        {
            if (_count < frame.Length) return false;
            var first = Math.Min(frame.Length, _ring.Length - _head);
            _ring.AsSpan(_head, first).CopyTo(frame);
            _ring.AsSpan(0, frame.Length - first).CopyTo(frame[first..]);
            _head = (_head + frame.Length) % _ring.Length;
            _count -= frame.Length;
            return true;
        }
    }

    private void Push(short sample)
    {
        if (_count == _ring.Length)
        {
            // Oldest first: the newest audio is what the caller is saying now.
            _head = (_head + 1) % _ring.Length;
            _count--;
            Interlocked.Increment(ref _dropped);
        }
        _ring[(_head + _count) % _ring.Length] = sample;
        _count++;
    }
}
