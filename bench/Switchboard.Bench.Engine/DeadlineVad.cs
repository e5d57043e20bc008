using Switchboard.Audio.Vad;

namespace Switchboard.Bench.Engine;

/// <summary>
/// Wraps a call's VAD to time the media loop: the VAD runs once per inbound frame inside the session's handling of it,
/// so the moment <see cref="Process"/> returns is when frame n was handled. The call's frame k is written at the shared
/// pacer's first tick (0 unless <see cref="StartAt"/> says otherwise) + k, due at start + that tick × 20 ms; a frame handled
/// more than 20 ms after that is a missed deadline. Called by one media loop only.
/// </summary>
internal sealed class DeadlineVad(IVoiceActivityDetector inner, DeadlineClock clock) : IVoiceActivityDetector
{
    private long _frames;

    /// <summary>The call's first frame is written at <paramref name="tick"/>. Before the first frame only.</summary>
    public void StartAt(long tick) => _frames = tick;

    public int SampleRate => inner.SampleRate;
    public bool IsSpeaking => inner.IsSpeaking;
    public float LastProbability => inner.LastProbability;
    public long SamplesProcessed => inner.SamplesProcessed;
    public bool TryReadEvent(out VoiceActivityEvent activityEvent) => inner.TryReadEvent(out activityEvent);
    public void Flush() => inner.Flush();
    public void Reset() => inner.Reset();
    public void Dispose() => inner.Dispose();

    public int Process(ReadOnlySpan<short> samples)
    {
        var result = inner.Process(samples);
        clock.Handled(_frames++);
        return result;
    }
}
