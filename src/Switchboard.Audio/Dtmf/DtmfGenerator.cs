namespace Switchboard.Audio.Dtmf;

/// <summary>
/// Writes DTMF tones (ITU-T Q.23 frequencies) as PCM16 into caller-owned spans.
/// Stateless and thread-safe; never allocates.
/// </summary>
/// <remarks>
/// Levels are per tone in dBm0 with the μ-law convention (a full-scale sine is +3.14 dBm0). Two tones at high
/// levels can exceed full scale together; samples then saturate at ±32767 rather than wrap, as a real codec would.
/// </remarks>
public static class DtmfGenerator
{
    /// <summary>Highest level accepted for one tone: a full-scale sine.</summary>
    public const double MaxLevelDbm0 = 3.14;

    /// <summary>Lowest level accepted for one tone; anything quieter is below the 16-bit noise floor anyway.</summary>
    public const double MinLevelDbm0 = -90.0;

    /// <summary>True for <c>0-9</c>, <c>*</c>, <c>#</c>, <c>A-D</c> (also lower-case <c>a-d</c>).</summary>
    public static bool IsDtmfDigit(char digit) => DtmfTones.IndexOf(digit) >= 0;

    /// <summary>Number of samples that <paramref name="duration"/> spans at <paramref name="sampleRate"/>, rounded to nearest.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative duration or non-positive sample rate.</exception>
    public static int GetSampleCount(TimeSpan duration, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(duration.Ticks, nameof(duration));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        double count = Math.Round(duration.TotalSeconds * sampleRate);
        if (count > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "The duration spans more samples than a span can hold.");
        }

        return (int)count;
    }

    /// <summary>
    /// Fills all of <paramref name="destination"/> with the digit's dual tone, both tones at <paramref name="levelDbm0"/>.
    /// The tone duration is the destination length.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="digit"/> is not a DTMF digit.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Level outside [<see cref="MinLevelDbm0"/>, <see cref="MaxLevelDbm0"/>] or a sample rate below 8000 Hz.</exception>
    public static void Generate(char digit, double levelDbm0, int sampleRate, Span<short> destination)
    {
        int index = DtmfTones.IndexOf(digit);
        if (index < 0)
        {
            throw new ArgumentException($"'{digit}' is not a DTMF digit (expected 0-9, *, #, A-D).", nameof(digit));
        }

        GenerateDualTone(
            DtmfTones.RowFrequencies[index / 4],
            DtmfTones.ColumnFrequencies[index % 4],
            levelDbm0,
            levelDbm0,
            sampleRate,
            destination);
    }

    /// <summary>
    /// Fills all of <paramref name="destination"/> with two summed sines, each at its own level; used for DTMF with
    /// twist or off-nominal frequencies and for test signals. Both sines start at phase zero.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A frequency outside (0, sampleRate/2), a level out of range or a sample rate below 8000 Hz.</exception>
    public static void GenerateDualTone(double lowHz, double highHz, double lowDbm0, double highDbm0, int sampleRate, Span<short> destination)
    {
        if (sampleRate < 8000)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "Sample rate must be at least 8000 Hz.");
        }

        ValidateFrequency(lowHz, sampleRate, nameof(lowHz));
        ValidateFrequency(highHz, sampleRate, nameof(highHz));
        ValidateLevel(lowDbm0, nameof(lowDbm0));
        ValidateLevel(highDbm0, nameof(highDbm0));

        double a1 = DtmfTones.AmplitudeFromDbm0(lowDbm0);
        double a2 = DtmfTones.AmplitudeFromDbm0(highDbm0);
        double w1 = 2.0 * Math.PI * lowHz / sampleRate;
        double w2 = 2.0 * Math.PI * highHz / sampleRate;
        for (int n = 0; n < destination.Length; n++)
        {
            // Phase from the index rather than an accumulator keeps long tones free of drift.
            double v = (a1 * Math.Sin(w1 * n)) + (a2 * Math.Sin(w2 * n));
            destination[n] = (short)Math.Clamp(Math.Round(v), short.MinValue + 1, short.MaxValue);
        }
    }

    private static void ValidateFrequency(double hz, int sampleRate, string name)
    {
        if (!(hz > 0.0 && hz < sampleRate / 2.0))
        {
            throw new ArgumentOutOfRangeException(name, hz, $"Frequency must be above 0 and below half the sample rate ({sampleRate / 2} Hz).");
        }
    }

    private static void ValidateLevel(double dbm0, string name)
    {
        if (!(dbm0 >= MinLevelDbm0 && dbm0 <= MaxLevelDbm0))
        {
            throw new ArgumentOutOfRangeException(name, dbm0, $"Level must be within [{MinLevelDbm0}, {MaxLevelDbm0}] dBm0.");
        }
    }
}
