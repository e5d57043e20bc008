namespace Switchboard.Bench.Audio.Quality;

/// <summary>
/// One resampler's tone-sweep figures for one rate pair: passband ripple (max − min gain, dB) from DC to
/// 0.45 × the lower rate, and stopband attenuation (dB below the input tone of the strongest image or alias or other
/// spurious output), with the input frequency where that worst case happened.
/// </summary>
internal sealed record SweepResult(string Name, double PassbandRippleDb, double StopbandAttenuationDb, double WorstFrequencyHz, double EdgeGainDb)
{
    /// <summary>Whether these figures are at least as good as <paramref name="other"/>'s on both counts.</summary>
    public bool EqualsOrBeats(SweepResult other) =>
        PassbandRippleDb <= other.PassbandRippleDb + 0.005 && StopbandAttenuationDb >= other.StopbandAttenuationDb - 0.05;
}
