namespace Switchboard.Audio.Mixing;

/// <summary>
/// Saturating PCM16 mixing with linear gains: for ambient sound under an agent's voice, hold music, or
/// conference-style sums. Results that exceed the 16-bit range are clipped to the nearest limit instead
/// of wrapping around.
/// </summary>
/// <remarks>Stateless and thread-safe. Spans are read and written only during the call. No allocation.</remarks>
public static class AudioMixer
{
    /// <summary>Largest accepted linear gain (+24 dB).</summary>
    public const float MaxGain = 16f;

    // Gains are applied in Q12 fixed point: exact, deterministic across platforms, and wide enough for MaxGain.
    private const int GainShift = 12;
    private const long GainOne = 1L << GainShift;
    private const long Rounding = 1L << (GainShift - 1);

    /// <summary>Writes <c>saturate(a * gainA + b * gainB)</c> into <paramref name="destination"/>.</summary>
    /// <param name="a">First stream, e.g. the agent's voice.</param>
    /// <param name="gainA">Linear gain for <paramref name="a"/>, 0..<see cref="MaxGain"/>.</param>
    /// <param name="b">Second stream, e.g. ambient noise or hold music; same length as <paramref name="a"/>.</param>
    /// <param name="gainB">Linear gain for <paramref name="b"/>, 0..<see cref="MaxGain"/>.</param>
    /// <param name="destination">Receives the mix; same length as the inputs. May be the same memory as
    /// <paramref name="a"/> or <paramref name="b"/>.</param>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A gain is negative, not finite, or above <see cref="MaxGain"/>.</exception>
    public static void Mix(ReadOnlySpan<short> a, float gainA, ReadOnlySpan<short> b, float gainB, Span<short> destination)
    {
        if (a.Length != b.Length || a.Length != destination.Length)
        {
            throw new ArgumentException($"All spans must have the same length (a: {a.Length}, b: {b.Length}, destination: {destination.Length}).", nameof(destination));
        }

        long qa = ToFixed(gainA, nameof(gainA));
        long qb = ToFixed(gainB, nameof(gainB));
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = Saturate(((a[i] * qa) + (b[i] * qb) + Rounding) >> GainShift);
        }
    }

    /// <summary>Adds <c>source * gain</c> to <paramref name="destination"/> in place, saturating.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The gain is negative, not finite, or above <see cref="MaxGain"/>.</exception>
    public static void MixInto(Span<short> destination, ReadOnlySpan<short> source, float gain)
    {
        if (source.Length != destination.Length)
        {
            throw new ArgumentException($"Source ({source.Length}) and destination ({destination.Length}) must have the same length.", nameof(source));
        }

        long q = ToFixed(gain, nameof(gain));
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = Saturate(((destination[i] * GainOne) + (source[i] * q) + Rounding) >> GainShift);
        }
    }

    /// <summary>Adds <paramref name="source"/> to <paramref name="destination"/> in place with a gain that
    /// moves linearly from <paramref name="startGain"/> (first sample) towards <paramref name="endGain"/>
    /// (reached just after the last sample), saturating. Chaining frames with each frame's end gain as the
    /// next frame's start gain fades or ducks hold music and ambience without clicks.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A gain is negative, not finite, or above <see cref="MaxGain"/>.</exception>
    public static void MixIntoRamped(Span<short> destination, ReadOnlySpan<short> source, float startGain, float endGain)
    {
        if (source.Length != destination.Length)
        {
            throw new ArgumentException($"Source ({source.Length}) and destination ({destination.Length}) must have the same length.", nameof(source));
        }

        long start = ToFixed(startGain, nameof(startGain));
        long end = ToFixed(endGain, nameof(endGain));
        int count = destination.Length;
        for (int i = 0; i < count; i++)
        {
            long q = start + ((end - start) * i / count);
            destination[i] = Saturate(((destination[i] * GainOne) + (source[i] * q) + Rounding) >> GainShift);
        }
    }

    /// <summary>Multiplies <paramref name="samples"/> by <paramref name="gain"/> in place, saturating.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The gain is negative, not finite, or above <see cref="MaxGain"/>.</exception>
    public static void ApplyGain(Span<short> samples, float gain)
    {
        long q = ToFixed(gain, nameof(gain));
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = Saturate(((samples[i] * q) + Rounding) >> GainShift);
        }
    }

    /// <summary>Converts decibels to a linear gain (−6 dB ≈ 0.5, +6 dB ≈ 2).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not finite, or above +24 dB.</exception>
    public static float DecibelsToGain(double decibels)
    {
        if (!double.IsFinite(decibels) && !double.IsNegativeInfinity(decibels))
        {
            throw new ArgumentOutOfRangeException(nameof(decibels), decibels, "Decibels must be a number.");
        }

        float gain = (float)Math.Pow(10, decibels / 20);
        return gain > MaxGain * 1.0001f
            ? throw new ArgumentOutOfRangeException(nameof(decibels), decibels, "Gain above +24 dB is not supported.")
            : Math.Min(gain, MaxGain);
    }

    private static long ToFixed(float gain, string name)
    {
        if (!float.IsFinite(gain) || gain < 0f || gain > MaxGain)
        {
            throw new ArgumentOutOfRangeException(name, gain, $"Gain must be between 0 and {MaxGain}.");
        }

        return (long)MathF.Round(gain * GainOne);
    }

    private static short Saturate(long value) =>
        value > short.MaxValue ? short.MaxValue : value < short.MinValue ? short.MinValue : (short)value;
}
