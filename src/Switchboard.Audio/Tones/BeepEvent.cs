namespace Switchboard.Audio.Tones;

/// <summary>A detected beep: a sustained single tone. Immutable value; safe to share.</summary>
/// <param name="FrequencyHz">Estimated frequency (mean over the beep).</param>
/// <param name="StartSample">First sample of the beep, counted from the start of the stream.</param>
/// <param name="EndSample">Sample just past the beep (exclusive).</param>
/// <param name="SampleRate">Sample rate the positions refer to.</param>
public readonly record struct BeepEvent(double FrequencyHz, long StartSample, long EndSample, int SampleRate)
{
    /// <summary>Start of the beep from the beginning of the stream.</summary>
    public TimeSpan Start => TimeSpan.FromTicks(StartSample * TimeSpan.TicksPerSecond / SampleRate);

    /// <summary>How long the beep lasted.</summary>
    public TimeSpan Duration => TimeSpan.FromTicks((EndSample - StartSample) * TimeSpan.TicksPerSecond / SampleRate);
}
