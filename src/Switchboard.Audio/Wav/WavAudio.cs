namespace Switchboard.Audio.Wav;

/// <summary>Audio read from a WAV file: mono PCM16 at the file's own sample rate, plus the file's format.</summary>
/// <param name="Format">The format the file declared.</param>
/// <param name="Samples">Mono PCM16 samples (multi-channel files are averaged), owned by the caller.</param>
/// <remarks>The sample array is a plain array (not pooled) owned by whoever holds this object; not synchronised.</remarks>
public sealed record WavAudio(WavFormat Format, short[] Samples)
{
    /// <summary>Sample rate of <see cref="Samples"/> in Hz (the file's rate; no resampling is done).</summary>
    public int SampleRate => Format.SampleRate;

    /// <summary>Duration of the audio.</summary>
    public TimeSpan Duration => TimeSpan.FromTicks(Samples.LongLength * TimeSpan.TicksPerSecond / Format.SampleRate);
}
