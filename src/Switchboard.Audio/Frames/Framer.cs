namespace Switchboard.Audio.Frames;

/// <summary>
/// Cuts a stream of PCM16 of arbitrary chunk sizes into fixed-duration <see cref="AudioFrame"/>s, keeping the
/// remainder (less than one frame) between calls.
/// </summary>
/// <remarks>
/// <para>Usage: <c>while (framer.TryGetFrame(ref pcm, out var frame)) { using (frame) { ... } }</c>. Each call
/// consumes input from the front of the span; when it returns <see langword="false"/>, all input has been consumed
/// into the remainder.</para>
/// <para><b>Ownership.</b> Every frame returned is rented for the caller, who must dispose it. The framer keeps no
/// reference to frames it returned, nor to the input span.</para>
/// <para><b>Timestamps.</b> The media timestamp starts at <c>startTimestamp</c> and advances by the frame length;
/// the wall clock is read from the <see cref="TimeProvider"/> when a frame is completed.</para>
/// <para><b>Thread-safety.</b> Not thread-safe: one producer drives a framer.</para>
/// </remarks>
public sealed class Framer
{
    private readonly short[] _pending;
    private readonly TimeProvider _timeProvider;
    private int _pendingCount;
    private long _nextTimestamp;

    /// <summary>Creates a framer.</summary>
    /// <param name="sampleRate">One of the supported rates.</param>
    /// <param name="frameMilliseconds">Frame duration: a multiple of 10 ms from 10 to 120.</param>
    /// <param name="timeProvider">Source of wall-clock time for frames.</param>
    /// <param name="startTimestamp">Media timestamp (samples) of the first frame.</param>
    /// <exception cref="ArgumentOutOfRangeException">Rate, duration or timestamp not accepted.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is null.</exception>
    public Framer(int sampleRate, int frameMilliseconds, TimeProvider timeProvider, long startTimestamp = 0)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegative(startTimestamp);
        FrameLength = AudioSampleRates.SamplesPerFrame(sampleRate, frameMilliseconds);
        SampleRate = sampleRate;
        _timeProvider = timeProvider;
        _nextTimestamp = startTimestamp;
        _pending = new short[FrameLength];
    }

    /// <summary>Sample rate of the frames.</summary>
    public int SampleRate { get; }

    /// <summary>Samples per frame.</summary>
    public int FrameLength { get; }

    /// <summary>Samples held over, waiting for more input to complete a frame.</summary>
    public int PendingSamples => _pendingCount;

    /// <summary>Media timestamp the next frame will carry.</summary>
    public long NextTimestamp => _nextTimestamp;

    /// <summary>
    /// Consumes input from <paramref name="input"/> until one frame is complete and returns it, or consumes all of
    /// it into the remainder and returns <see langword="false"/>.
    /// </summary>
    /// <param name="input">Input; advanced past what was consumed.</param>
    /// <param name="frame">The completed frame, owned by the caller; <c>default</c> when none.</param>
    public bool TryGetFrame(ref ReadOnlySpan<short> input, out AudioFrame frame)
    {
        int needed = FrameLength - _pendingCount;
        if (input.Length < needed)
        {
            input.CopyTo(_pending.AsSpan(_pendingCount));
            _pendingCount += input.Length;
            input = [];
            frame = default;
            return false;
        }

        frame = AudioFrame.Rent(SampleRate, FrameLength, _nextTimestamp, _timeProvider.GetUtcNow());
        Span<short> samples = frame.Samples;
        _pending.AsSpan(0, _pendingCount).CopyTo(samples);
        input[..needed].CopyTo(samples[_pendingCount..]);
        input = input[needed..];
        _pendingCount = 0;
        _nextTimestamp += FrameLength;
        return true;
    }

    /// <summary>
    /// Returns the remainder padded with silence to a full frame (for end of stream), or <see langword="false"/> if
    /// nothing is pending.
    /// </summary>
    /// <param name="frame">The padded frame, owned by the caller; <c>default</c> when none.</param>
    public bool TryFlush(out AudioFrame frame)
    {
        if (_pendingCount == 0)
        {
            frame = default;
            return false;
        }

        _pending.AsSpan(_pendingCount).Clear();
        _pendingCount = FrameLength;
        ReadOnlySpan<short> none = [];
        return TryGetFrame(ref none, out frame);
    }

    /// <summary>Drops the remainder; the media timestamp continues where it was.</summary>
    public void Reset() => _pendingCount = 0;
}
