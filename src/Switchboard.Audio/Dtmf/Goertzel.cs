namespace Switchboard.Audio.Dtmf;

/// <summary>Single-bin DFT by the Goertzel recurrence, returning the complex bin value.</summary>
internal static class Goertzel
{
    /// <summary>
    /// Computes <c>e^{jω(N-1)} · Σ x[n]·e^{-jωn}</c>. The constant phase factor is the same for every block of the
    /// same length, so phase differences between blocks are exact.
    /// </summary>
    public static (double Re, double Im) Complex(ReadOnlySpan<float> block, double cosW, double sinW)
    {
        double coeff = 2.0 * cosW;
        double s1 = 0.0;
        double s2 = 0.0;
        for (int n = 0; n < block.Length; n++)
        {
            double s0 = block[n] + (coeff * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        return (s1 - (s2 * cosW), s2 * sinW);
    }

    /// <summary>Squared magnitude of the bin, cheaper than <see cref="Complex"/> when phase is not needed.</summary>
    public static double Power(ReadOnlySpan<float> block, double cosW)
    {
        double coeff = 2.0 * cosW;
        double s1 = 0.0;
        double s2 = 0.0;
        for (int n = 0; n < block.Length; n++)
        {
            double s0 = block[n] + (coeff * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        return (s1 * s1) + (s2 * s2) - (coeff * s1 * s2);
    }
}
