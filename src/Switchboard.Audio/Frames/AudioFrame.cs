using System.Buffers;

namespace Switchboard.Audio.Frames;

/// <summary>
/// A frame of mono PCM16 audio with its sample rate and timestamps, backed by a buffer rented from
/// <see cref="ArrayPool{T}.Shared"/>.
/// </summary>
/// <remarks>
/// <para><b>Ownership.</b> <see cref="Rent"/> (or <see cref="Framer"/>) rents the buffer; whoever holds the frame owns
/// it and must call <see cref="Dispose"/> exactly once when done, which returns the buffer to the pool. Handing a
/// frame to another component (for example writing it to a channel) transfers ownership: the sender must not touch
/// it afterwards. A component that needs the audio beyond that point copies it into its own frame.</para>
/// <para><b>After dispose.</b> A second <see cref="Dispose"/> is a harmless no-op (the buffer is returned once).
/// <see cref="Samples"/> and <see cref="Memory"/> throw <see cref="ObjectDisposedException"/> after dispose; a
/// span obtained before dispose must not be used after it, because the pool may already have lent the buffer to
/// someone else.</para>
/// <para><b>Thread-safety.</b> A frame is not synchronised: one owner at a time. <see cref="Dispose"/> alone is safe
/// to race (the buffer is still returned only once).</para>
/// </remarks>
public sealed class AudioFrame : IDisposable
{
    private short[]? _buffer;

    private AudioFrame(short[] buffer, int sampleRate, int length, long timestamp, DateTimeOffset wallClock)
    {
        _buffer = buffer;
        SampleRate = sampleRate;
        Length = length;
        Timestamp = timestamp;
        WallClock = wallClock;
    }

    /// <summary>Sample rate in Hz (8000, 16000, 24000 or 48000).</summary>
    public int SampleRate { get; }

    /// <summary>Number of samples in the frame.</summary>
    public int Length { get; }

    /// <summary>Media clock of the first sample, counted in samples at <see cref="SampleRate"/>.</summary>
    public long Timestamp { get; }

    /// <summary>Wall-clock time the frame was produced, from the <see cref="TimeProvider"/> of its producer.</summary>
    public DateTimeOffset WallClock { get; }

    /// <summary>Duration of the frame.</summary>
    public TimeSpan Duration => TimeSpan.FromTicks(Length * TimeSpan.TicksPerSecond / SampleRate);

    /// <summary>Whether <see cref="Dispose"/> has been called.</summary>
    public bool IsDisposed => Volatile.Read(ref _buffer) is null;

    /// <summary>The samples; valid only until <see cref="Dispose"/>.</summary>
    /// <exception cref="ObjectDisposedException">The frame has been disposed.</exception>
    public Span<short> Samples => new(LiveBuffer(), 0, Length);

    /// <summary>The samples as memory, for async consumers; valid only until <see cref="Dispose"/>.</summary>
    /// <exception cref="ObjectDisposedException">The frame has been disposed.</exception>
    public Memory<short> Memory => new(LiveBuffer(), 0, Length);

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
        short[] buffer = ArrayPool<short>.Shared.Rent(Math.Max(length, 1));
        Array.Clear(buffer, 0, length);
        return new AudioFrame(buffer, sampleRate, length, timestamp, wallClock);
    }

    /// <summary>Rents a frame holding a copy of <paramref name="samples"/>. The caller owns it and must dispose it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">As for <see cref="Rent"/>.</exception>
    public static AudioFrame Copy(ReadOnlySpan<short> samples, int sampleRate, long timestamp, DateTimeOffset wallClock)
    {
        AudioFrame frame = Rent(sampleRate, samples.Length, timestamp, wallClock);
        samples.CopyTo(frame.Samples);
        return frame;
    }

    /// <summary>Returns the buffer to the pool. Idempotent.</summary>
    public void Dispose()
    {
        short[]? buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<short>.Shared.Return(buffer);
        }
    }

    private short[] LiveBuffer()
    {
        short[]? buffer = Volatile.Read(ref _buffer);
        ObjectDisposedException.ThrowIf(buffer is null, this);
        return buffer;
    }
}
