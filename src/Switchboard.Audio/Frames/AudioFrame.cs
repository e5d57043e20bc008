namespace Switchboard.Audio.Frames;

/// <summary>
/// A handle to a frame of mono PCM16 audio with its sample rate and timestamps. Both the sample buffer (from
/// <see cref="System.Buffers.ArrayPool{T}.Shared"/>) and the frame's bookkeeping are pooled, so renting and disposing
/// frames allocates nothing in steady state.
/// </summary>
/// <remarks>
/// <para><b>Ownership.</b> <see cref="Rent"/> / <see cref="Copy"/> (or <see cref="Framer"/>) rent a frame; whoever
/// holds it owns it and must call <see cref="Dispose"/> once when done, which returns the storage to the pools.
/// Handing a frame to another component (for example writing it to a channel) transfers ownership: the sender must
/// not use it afterwards. To keep audio beyond that point, copy it into a frame of your own.</para>
/// <para><b>After dispose.</b> This is a small struct handle; all copies of it refer to the same frame. After
/// <see cref="Dispose"/> on any copy, every copy reports <see cref="IsDisposed"/> and its members throw
/// <see cref="ObjectDisposedException"/>, even after the storage has been reused by another frame. Disposing again
/// (through any copy) is a harmless no-op: the storage is returned exactly once. A span obtained before dispose
/// must not be used after it. <c>default(AudioFrame)</c> behaves as a disposed frame.</para>
/// <para><b>Thread-safety.</b> A frame is not synchronised: one owner at a time. Racing <see cref="Dispose"/> calls
/// are safe (the storage is still returned once).</para>
/// </remarks>
public readonly struct AudioFrame : IDisposable, IEquatable<AudioFrame>
{
    private readonly AudioFrameSlot? _slot;
    private readonly int _version;

    private AudioFrame(AudioFrameSlot slot)
    {
        _slot = slot;
        _version = slot.Version;
    }

    /// <summary>Sample rate in Hz (8000, 16000, 24000 or 48000).</summary>
    /// <exception cref="ObjectDisposedException">The frame has been disposed.</exception>
    public int SampleRate => Live().SampleRate;

    /// <summary>Number of samples in the frame.</summary>
    /// <exception cref="ObjectDisposedException">The frame has been disposed.</exception>
    public int Length => Live().Length;

    /// <summary>Media clock of the first sample, counted in samples at <see cref="SampleRate"/>.</summary>
    /// <exception cref="ObjectDisposedException">The frame has been disposed.</exception>
    public long Timestamp => Live().Timestamp;

    /// <summary>Wall-clock time the frame was produced, from the <see cref="TimeProvider"/> of its producer.</summary>
    /// <exception cref="ObjectDisposedException">The frame has been disposed.</exception>
    public DateTimeOffset WallClock => Live().WallClock;

    /// <summary>Duration of the frame.</summary>
    /// <exception cref="ObjectDisposedException">The frame has been disposed.</exception>
    public TimeSpan Duration
    {
        get
        {
            AudioFrameSlot slot = Live();
            return TimeSpan.FromTicks(slot.Length * TimeSpan.TicksPerSecond / slot.SampleRate);
        }
    }

    /// <summary>Whether the frame has been disposed (through this or any other copy of the handle).</summary>
    public bool IsDisposed => _slot is null || _slot.Version != _version;

    /// <summary>The samples; valid only until <see cref="Dispose"/>.</summary>
    /// <exception cref="ObjectDisposedException">The frame has been disposed.</exception>
    public Span<short> Samples
    {
        get
        {
            AudioFrameSlot slot = Live();
            return new Span<short>(slot.Buffer, 0, slot.Length);
        }
    }

    /// <summary>The samples as memory, for async consumers; valid only until <see cref="Dispose"/>.</summary>
    /// <exception cref="ObjectDisposedException">The frame has been disposed.</exception>
    public Memory<short> Memory
    {
        get
        {
            AudioFrameSlot slot = Live();
            return new Memory<short>(slot.Buffer, 0, slot.Length);
        }
    }

    /// <summary>Equality of handles: true when both refer to the same rental of the same frame.</summary>
    public static bool operator ==(AudioFrame left, AudioFrame right) => left.Equals(right);

    /// <summary>Inequality of handles.</summary>
    public static bool operator !=(AudioFrame left, AudioFrame right) => !left.Equals(right);

    /// <summary>Rents a zeroed frame of <paramref name="length"/> samples. The caller owns it and must dispose it.</summary>
    /// <param name="sampleRate">One of the supported rates.</param>
    /// <param name="length">Number of samples, 0 to 10 seconds' worth at <paramref name="sampleRate"/>.</param>
    /// <param name="timestamp">Media clock of the first sample (samples, non-negative).</param>
    /// <param name="wallClock">Wall-clock time of the frame, usually <c>timeProvider.GetUtcNow()</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the ranges above.</exception>
    public static AudioFrame Rent(int sampleRate, int length, long timestamp, DateTimeOffset wallClock)
    {
        AudioSampleRates.Validate(sampleRate, nameof(sampleRate));
        // A cap keeps a bad length from renting gigabytes; frames are milliseconds long, never minutes.
        if (length < 0 || length > sampleRate * 10)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "Frame length must be between 0 and 10 seconds of samples.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(timestamp);
        AudioFrameSlot slot = AudioFrameSlot.Rent(sampleRate, length, timestamp, wallClock);
        Array.Clear(slot.Buffer, 0, length);
        return new AudioFrame(slot);
    }

    /// <summary>Rents a frame holding a copy of <paramref name="samples"/>. The caller owns it and must dispose it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">As for <see cref="Rent"/>.</exception>
    public static AudioFrame Copy(ReadOnlySpan<short> samples, int sampleRate, long timestamp, DateTimeOffset wallClock)
    {
        AudioFrame frame = Rent(sampleRate, samples.Length, timestamp, wallClock);
        samples.CopyTo(frame.Samples);
        return frame;
    }

    /// <summary>Returns the storage to the pools. Idempotent across all copies of the handle.</summary>
    public void Dispose() => _slot?.Release(_version);

    /// <inheritdoc />
    public bool Equals(AudioFrame other) => ReferenceEquals(_slot, other._slot) && _version == other._version;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is AudioFrame other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_slot, _version);

    private AudioFrameSlot Live()
    {
        AudioFrameSlot? slot = _slot;
        if (slot is null || slot.Version != _version)
        {
            throw new ObjectDisposedException(nameof(AudioFrame), "The audio frame has been disposed; its buffer may already belong to another frame.");
        }

        return slot;
    }
}
