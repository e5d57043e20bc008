using System.Buffers;

namespace Switchboard.Audio.Jitter;

/// <summary>
/// Adaptive RTP jitter buffer, payload-agnostic, driven by the caller's frame clock: <see cref="Put"/> packets as
/// they arrive, <see cref="Pop"/> once per frame period. It reorders by sequence number (16-bit, wrapping), drops
/// duplicates and late packets, reports a single lost frame as <see cref="JitterBufferOutcome.Conceal"/>, and sizes
/// its delay from the RFC 3550 interarrival jitter estimate within the configured bounds.
/// </summary>
/// <remarks>
/// <para>Not thread-safe: one instance per stream; call <see cref="Put"/> and <see cref="Pop"/> from the same media
/// loop (or serialise them). The buffer owns pooled copies of payloads; <see cref="Pop"/> copies the payload into
/// the caller's span, so nothing returned aliases internal storage. After warm-up (each slot has seen a packet of
/// the largest size) neither call allocates. <see cref="Dispose"/> returns the pooled buffers.</para>
/// <para>Slot storage: by default each slot rents its own array from <see cref="ArrayPool{T}.Shared"/>, whose buckets
/// keep only a few dozen arrays, so with hundreds of streams most rents allocate. A caller that keeps long-lived
/// memory of its own (a media server's per-call pool) can give it to the constructor instead: payloads that fit a
/// slot's share of it are stored there and the buffer rents nothing for them.</para>
/// <para>Delay adapts both ways: an underrun puts the buffer back into buffering (the missing audio stretches the
/// delay) and raises the target by a frame; a late packet, while the depth is under target, holds playout for one
/// frame (reported as <see cref="JitterBufferOutcome.Conceal"/>); when the depth stays two frames above target for
/// half a second, one frame is skipped.</para>
/// </remarks>
public sealed class JitterBuffer : IDisposable
{
    private const int JitterWarmUpPackets = 16;
    private const int ShrinkAfterPops = 25;
    private const int BoostDecayPops = 250;

    private readonly JitterSlot[] _slots;
    private readonly Memory<byte> _storage;
    private readonly int _slotSize;
    private readonly int _mask;
    private readonly int _maxPayload;
    private readonly int _maxConceal;
    private readonly int _clockRate;
    private readonly TimeSpan _frame;
    private readonly uint _unitsPerFrame;
    private readonly int _minFrames;
    private readonly int _maxFrames;
    private readonly int _initialFrames;

    private bool _started;
    private long _highest;
    private int _buffered;
    private bool _playing;
    private bool _hasPlayed;
    private long _next;
    private uint _lastTimestamp;
    private long _lastPlayed;
    private int _consecutiveMissing;
    private int _excessPops;
    private int _boost;
    private int _popsSinceUnderrun;
    private bool _stretchPending;

    private InterarrivalJitter _jitter;

    private long _received;
    private long _lost;
    private long _late;
    private long _duplicate;
    private long _reordered;
    private long _concealed;
    private long _underruns;
    private long _dropped;
    private long _stretched;
    private long _resyncs;
    private bool _disposed;

    /// <summary>Creates a buffer with <paramref name="options"/> (defaults if null).</summary>
    /// <exception cref="ArgumentException">Options are inconsistent (see <see cref="JitterBufferOptions"/>).</exception>
    public JitterBuffer(JitterBufferOptions? options = null)
        : this(options, Memory<byte>.Empty)
    {
    }

    /// <summary>
    /// Creates a buffer that stores payloads of up to <c>slotStorage.Length / Capacity</c> bytes in
    /// <paramref name="slotStorage"/> (slot <c>i</c> uses the <c>i</c>-th equal share); larger payloads go to pooled
    /// arrays as with the other constructor.
    /// </summary>
    /// <param name="options">Settings; defaults if null.</param>
    /// <param name="slotStorage">Memory the buffer may use until it is disposed; the caller keeps ownership and must not
    /// touch it meanwhile. Empty: no storage of its own.</param>
    /// <exception cref="ArgumentException">Options are inconsistent, or <paramref name="slotStorage"/> is not empty but
    /// holds less than one byte per slot.</exception>
    public JitterBuffer(JitterBufferOptions? options, Memory<byte> slotStorage)
    {
        options ??= new JitterBufferOptions();
        options.Validate();
        if (!slotStorage.IsEmpty && slotStorage.Length < options.Capacity)
        {
            throw new ArgumentException($"Slot storage of {slotStorage.Length} bytes gives less than one byte to each of the {options.Capacity} slots.", nameof(slotStorage));
        }

        _storage = slotStorage;
        _slotSize = slotStorage.Length / options.Capacity;
        _slots = new JitterSlot[options.Capacity];
        _mask = options.Capacity - 1;
        _maxPayload = options.MaxPayloadSize;
        _maxConceal = options.MaxConsecutiveConcealment;
        _clockRate = options.ClockRate;
        _frame = options.FrameDuration;
        _unitsPerFrame = (uint)Math.Max(1, Math.Round(_frame.TotalSeconds * _clockRate));
        _minFrames = Math.Max(1, CeilFrames(options.MinDelay));
        _maxFrames = Math.Max(_minFrames, CeilFrames(options.MaxDelay));
        _initialFrames = Math.Clamp(CeilFrames(options.InitialDelay), _minFrames, _maxFrames);
    }

    /// <summary>Snapshot of counters and gauges.</summary>
    public JitterBufferStatistics Statistics => new(
        _received,
        _lost,
        _late,
        _duplicate,
        _reordered,
        _concealed,
        _underruns,
        _dropped,
        _stretched,
        _resyncs,
        _frame * (_playing ? (int)Math.Max(0, _highest - _next + 1) : _buffered),
        _frame * TargetFrames(),
        _jitter.Units * 1000.0 / _clockRate);

    /// <summary>Stores an arriving packet.</summary>
    /// <param name="sequenceNumber">RTP sequence number.</param>
    /// <param name="timestamp">RTP timestamp.</param>
    /// <param name="arrivalTime">Arrival on the caller's monotonic clock (the same clock as <see cref="Pop"/>'s).</param>
    /// <param name="payload">RTP payload; copied.</param>
    /// <exception cref="ArgumentException">The payload is larger than <see cref="JitterBufferOptions.MaxPayloadSize"/>.</exception>
    /// <exception cref="ObjectDisposedException">The buffer was disposed.</exception>
    public JitterBufferPutResult Put(ushort sequenceNumber, uint timestamp, TimeSpan arrivalTime, ReadOnlySpan<byte> payload)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (payload.Length > _maxPayload)
        {
            throw new ArgumentException($"Payload of {payload.Length} bytes exceeds MaxPayloadSize ({_maxPayload}).", nameof(payload));
        }

        // Sequence numbers are unwrapped against the highest seen, so wraparound is just counting on.
        long ext = _started ? _highest + (short)(sequenceNumber - (ushort)_highest) : 0x10000 + sequenceNumber;
        ref JitterSlot slot = ref _slots[ext & _mask];
        if (_started && slot.Sequence == ext && slot.State is JitterSlotState.Buffered or JitterSlotState.Played)
        {
            _duplicate++;
            return JitterBufferPutResult.Duplicate;
        }

        if (_hasPlayed && ext < _next)
        {
            _jitter.Update(timestamp, arrivalTime, _clockRate);
            if (slot.Sequence == ext && slot.State == JitterSlotState.Missing)
            {
                // Counted lost at its playout time; it turned out to be late instead.
                slot.State = JitterSlotState.Free;
                _lost--;
            }

            _late++;
            _stretchPending = true;
            return JitterBufferPutResult.Late;
        }

        var result = JitterBufferPutResult.Accepted;
        long floor = _playing ? _next : LowestBuffered(ext);
        if (_started && _highest - ext >= _slots.Length)
        {
            // Far behind everything buffered (a straggler from before a resynchronisation): too old to play.
            _late++;
            return JitterBufferPutResult.Late;
        }

        if (_started && ext - floor >= _slots.Length)
        {
            Resynchronize();
            ext = 0x10000 + sequenceNumber;
            result = JitterBufferPutResult.Resynchronized;
            slot = ref _slots[ext & _mask];
        }

        if (!_started)
        {
            _started = true;
            _highest = ext;
        }

        _jitter.Update(timestamp, arrivalTime, _clockRate);

        // A slot that once needed an array of its own keeps using it; the others use their share of the storage.
        if (slot.Buffer is null && payload.Length <= _slotSize)
        {
            payload.CopyTo(StorageOf(ext));
        }
        else
        {
            if (slot.Buffer is null || slot.Buffer.Length < payload.Length)
            {
                if (slot.Buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(slot.Buffer);
                }

                slot.Buffer = ArrayPool<byte>.Shared.Rent(Math.Max(payload.Length, 256));
            }

            payload.CopyTo(slot.Buffer);
        }

        slot.Length = payload.Length;
        slot.Sequence = ext;
        slot.Timestamp = timestamp;
        slot.Arrival = arrivalTime;
        slot.State = JitterSlotState.Buffered;
        _buffered++;
        _received++;
        if (ext < _highest)
        {
            _reordered++;
        }
        else
        {
            _highest = ext;
        }

        return result;
    }

    /// <summary>
    /// Takes the next frame; call once per <see cref="JitterBufferOptions.FrameDuration"/>. A packet's payload is
    /// copied into <paramref name="destination"/>.
    /// </summary>
    /// <param name="now">The caller's clock (same as the arrival times given to <see cref="Put"/>).</param>
    /// <param name="destination">Receives the payload; must hold the largest payload that may come.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the packet to play; nothing is consumed.</exception>
    /// <exception cref="ObjectDisposedException">The buffer was disposed.</exception>
    public JitterBufferFrame Pop(TimeSpan now, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (++_popsSinceUnderrun >= BoostDecayPops && _boost > 0)
        {
            _boost--;
            _popsSinceUnderrun = 0;
        }

        if (!_playing && !TryStartPlayout(now))
        {
            return default;
        }

        if (_stretchPending)
        {
            _stretchPending = false;
            if (_highest - _next + 1 < TargetFrames() && _hasPlayed)
            {
                // A packet came too late for the current delay: hold playout one frame to deepen the buffer.
                _stretched++;
                _concealed++;
                return new JitterBufferFrame(JitterBufferOutcome.Conceal, (ushort)(_next - 1), _lastTimestamp, 0);
            }
        }

        ShrinkIfTooDeep();

        ref JitterSlot slot = ref _slots[_next & _mask];
        if (slot.State == JitterSlotState.Buffered && slot.Sequence == _next)
        {
            if (destination.Length < slot.Length)
            {
                throw new ArgumentException($"The destination holds {destination.Length} bytes; the packet has {slot.Length}.", nameof(destination));
            }

            ReadOnlySpan<byte> stored = slot.Buffer is { } own ? own : StorageOf(_next);
            stored[..slot.Length].CopyTo(destination);
            slot.State = JitterSlotState.Played;
            _buffered--;
            _lastTimestamp = slot.Timestamp;
            _lastPlayed = _next;
            _hasPlayed = true;
            _next++;
            _consecutiveMissing = 0;
            return new JitterBufferFrame(JitterBufferOutcome.Packet, (ushort)slot.Sequence, slot.Timestamp, slot.Length);
        }

        if (_buffered == 0 && (!_hasPlayed || _consecutiveMissing >= _maxConceal))
        {
            // Nothing ahead at all, and the concealment budget is spent: the network stalled or the talker paused.
            // Buffer again rather than declare loss.
            _underruns++;
            _playing = false;
            _boost = Math.Min(_boost + 1, _maxFrames);
            _popsSinceUnderrun = 0;
            return default;
        }

        // Something later is buffered, so this frame is lost; or nothing is, and it is presumed lost so that one
        // frame can be concealed while the gap is still short (with a one-frame target the next packet is not
        // there yet).
        long missing = _next;
        slot.Sequence = missing;
        slot.State = JitterSlotState.Missing;

        _next++;
        _lost++;
        _consecutiveMissing++;
        uint expectedTs = _lastTimestamp + (uint)((missing - _lastPlayed) * _unitsPerFrame);
        if (_hasPlayed && _consecutiveMissing <= _maxConceal)
        {
            _concealed++;
            return new JitterBufferFrame(JitterBufferOutcome.Conceal, (ushort)missing, expectedTs, 0);
        }

        return new JitterBufferFrame(JitterBufferOutcome.Empty, (ushort)missing, expectedTs, 0);
    }

    /// <summary>Returns the pooled payload buffers. The instance cannot be used afterwards.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        for (int i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].Buffer is { } buffer)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                _slots[i].Buffer = null;
            }
        }
    }

    private Span<byte> StorageOf(long sequence) => _storage.Span.Slice((int)(sequence & _mask) * _slotSize, _slotSize);

    private int CeilFrames(TimeSpan delay) => (int)((delay.Ticks + _frame.Ticks - 1) / _frame.Ticks);

    private int TargetFrames()
    {
        int baseFrames = _initialFrames;
        if (_jitter.Samples >= JitterWarmUpPackets)
        {
            // Three jitter estimates cover nearly all of a roughly normal delay spread; one frame of slack on top.
            // The small allowance keeps a decaying estimate's last fraction of a unit from holding an extra frame.
            double jitterFrames = 3.0 * _jitter.Units / _unitsPerFrame;
            baseFrames = (int)Math.Ceiling(jitterFrames - 0.05) + 1;
        }

        return Math.Clamp(baseFrames + _boost, _minFrames, _maxFrames);
    }

    private bool TryStartPlayout(TimeSpan now)
    {
        if (_buffered == 0)
        {
            return false;
        }

        long lowest = LowestBuffered(long.MaxValue);
        ref JitterSlot first = ref _slots[lowest & _mask];
        int target = TargetFrames();
        bool deepEnough = _highest - lowest + 1 >= target;
        bool waitedEnough = now - first.Arrival >= _frame * target;
        if (!deepEnough && !waitedEnough)
        {
            return false;
        }

        if (_hasPlayed && lowest > _next)
        {
            // Frames skipped over while buffering again never arrived.
            _lost += lowest - _next;
        }

        _next = lowest;
        _playing = true;
        _excessPops = 0;
        return true;
    }

    private void ShrinkIfTooDeep()
    {
        if (_highest - _next + 1 <= TargetFrames() + 2)
        {
            _excessPops = 0;
            return;
        }

        if (++_excessPops < ShrinkAfterPops)
        {
            return;
        }

        _excessPops = 0;
        ref JitterSlot slot = ref _slots[_next & _mask];
        if (slot.State == JitterSlotState.Buffered && slot.Sequence == _next)
        {
            slot.State = JitterSlotState.Played;
            _buffered--;
            _dropped++;
        }
        else
        {
            _lost++;
        }

        _next++;
    }

    private long LowestBuffered(long candidate)
    {
        long lowest = candidate;
        for (int i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].State == JitterSlotState.Buffered && _slots[i].Sequence < lowest)
            {
                lowest = _slots[i].Sequence;
            }
        }

        return lowest;
    }

    private void Resynchronize()
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            _slots[i].State = JitterSlotState.Free;
        }

        _resyncs++;
        _jitter.Restart();
        _buffered = 0;
        _started = false;
        _playing = false;
        _hasPlayed = false;
        _consecutiveMissing = 0;
    }
}
