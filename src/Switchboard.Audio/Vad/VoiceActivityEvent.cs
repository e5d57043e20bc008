namespace Switchboard.Audio.Vad;

/// <summary>
/// A speech start or end decision with sample-accurate positions. Immutable value; safe to share.
/// </summary>
/// <param name="Kind">Whether speech started or ended.</param>
/// <param name="StartSample">First sample of the speech segment, padding included.</param>
/// <param name="EndSample">For <see cref="VoiceActivityEventKind.SpeechEnded"/>: the sample just past the
/// segment, padding included (exclusive). Null for <see cref="VoiceActivityEventKind.SpeechStarted"/>.</param>
/// <param name="DetectedAtSample">Stream position at which the detector made the decision; the difference to
/// the segment boundary is the decision latency (minimum speech/silence duration plus window buffering).</param>
/// <param name="SampleRate">Sample rate the positions refer to.</param>
public readonly record struct VoiceActivityEvent(
    VoiceActivityEventKind Kind,
    long StartSample,
    long? EndSample,
    long DetectedAtSample,
    int SampleRate)
{
    /// <summary>Start of the segment as time from the beginning of the stream.</summary>
    public TimeSpan Start => ToTime(StartSample);

    /// <summary>End of the segment as time from the beginning of the stream; null for a start event.</summary>
    public TimeSpan? End => EndSample is { } end ? ToTime(end) : null;

    /// <summary>Time at which the decision was made, from the beginning of the stream.</summary>
    public TimeSpan DetectedAt => ToTime(DetectedAtSample);

    private TimeSpan ToTime(long sample) => TimeSpan.FromTicks(sample * TimeSpan.TicksPerSecond / SampleRate);
}
