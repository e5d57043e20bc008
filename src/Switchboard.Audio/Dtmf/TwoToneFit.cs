namespace Switchboard.Audio.Dtmf;

/// <summary>
/// Least-squares fit of two sinusoids of known frequency to one block: how much of the block's energy the two tones
/// explain, the rest being the residual (noise, other voice harmonics, formant glides).
/// </summary>
/// <remarks>
/// <para>Unlike the share of energy in two DFT bins, the fit accounts for the two tones leaking into each other's
/// bins (with 8 dB of twist a rectangular bin of the weaker tone swings by tens of percent) and uses the measured
/// frequencies, so a steady tone pair is explained to within the noise whatever its offset and twist.</para>
/// <para>The time index is centred on the block, which makes every cosine orthogonal to every sine; the 4 × 4 normal
/// equations then split into two 2 × 2 systems. One pass over the block gives the four projections and the Gram
/// entries. Stateless.</para>
/// </remarks>
internal static class TwoToneFit
{
    /// <summary>
    /// Returns the fraction (0–1) of <paramref name="energy"/> (the block's sum of squares) explained by tones at
    /// <paramref name="w1"/> and <paramref name="w2"/> radians per sample.
    /// </summary>
    public static double ExplainedShare(ReadOnlySpan<float> block, double energy, double w1, double w2)
    {
        int n = block.Length;
        if (energy <= 0.0)
        {
            return 0.0;
        }

        // Phasors e^{jwt} stepped by rotation from t = −(n−1)/2, two chains per tone (even and odd samples, stepping
        // 2w) so the rotations overlap in the pipeline instead of waiting on each other. The Gram sums are
        // accumulated from the same phasors, which costs no trigonometry beyond the four SinCos below.
        double t0 = -(n - 1) / 2.0;
        (double s1, double c1) = Math.SinCos(w1 * t0);
        (double s2, double c2) = Math.SinCos(w2 * t0);
        (double ds1, double dc1) = Math.SinCos(w1);
        (double ds2, double dc2) = Math.SinCos(w2);
        double c1o = (c1 * dc1) - (s1 * ds1);
        double s1o = (s1 * dc1) + (c1 * ds1);
        double c2o = (c2 * dc2) - (s2 * ds2);
        double s2o = (s2 * dc2) + (c2 * ds2);
        double step1c = (dc1 * dc1) - (ds1 * ds1);
        double step1s = 2.0 * ds1 * dc1;
        double step2c = (dc2 * dc2) - (ds2 * ds2);
        double step2s = 2.0 * ds2 * dc2;
        double xc1 = 0.0;
        double xs1 = 0.0;
        double xc2 = 0.0;
        double xs2 = 0.0;
        double cc1 = 0.0;
        double cc2 = 0.0;
        double cross = 0.0;
        double sinCross = 0.0;
        int i = 0;
        for (; i + 1 < n; i += 2)
        {
            double x = block[i];
            double y = block[i + 1];
            xc1 += (x * c1) + (y * c1o);
            xs1 += (x * s1) + (y * s1o);
            xc2 += (x * c2) + (y * c2o);
            xs2 += (x * s2) + (y * s2o);
            cc1 += (c1 * c1) + (c1o * c1o);
            cc2 += (c2 * c2) + (c2o * c2o);
            cross += (c1 * c2) + (c1o * c2o);
            sinCross += (s1 * s2) + (s1o * s2o);
            double t = (c1 * step1c) - (s1 * step1s);
            s1 = (s1 * step1c) + (c1 * step1s);
            c1 = t;
            t = (c1o * step1c) - (s1o * step1s);
            s1o = (s1o * step1c) + (c1o * step1s);
            c1o = t;
            t = (c2 * step2c) - (s2 * step2s);
            s2 = (s2 * step2c) + (c2 * step2s);
            c2 = t;
            t = (c2o * step2c) - (s2o * step2s);
            s2o = (s2o * step2c) + (c2o * step2s);
            c2o = t;
        }

        if (i < n)
        {
            double x = block[i];
            xc1 += x * c1;
            xs1 += x * s1;
            xc2 += x * c2;
            xs2 += x * s2;
            cc1 += c1 * c1;
            cc2 += c2 * c2;
            cross += c1 * c2;
            sinCross += s1 * s2;
        }

        // With the centred index every Σ cos·sin vanishes, so the cosine and sine halves are separate 2 × 2 systems;
        // Σ sin² = n − Σ cos².
        double explained = Project(cc1, cross, cc2, xc1, xc2) + Project(n - cc1, sinCross, n - cc2, xs1, xs2);
        return Math.Clamp(explained / energy, 0.0, 1.0);
    }

    /// <summary>vᵀ G⁻¹ v for the symmetric 2 × 2 Gram matrix [[g11, g12], [g12, g22]]: the energy of the projection.</summary>
    private static double Project(double g11, double g12, double g22, double v1, double v2)
    {
        double det = (g11 * g22) - (g12 * g12);
        if (det <= 1e-9 * g11 * g22)
        {
            // The two tones coincide (never for a DTMF pair); fall back to the first alone.
            return g11 > 0.0 ? v1 * v1 / g11 : 0.0;
        }

        return ((g22 * v1 * v1) - (2.0 * g12 * v1 * v2) + (g11 * v2 * v2)) / det;
    }
}
