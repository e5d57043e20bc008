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
/// equations then split into two 2 × 2 systems whose Gram entries are closed-form Dirichlet sums. Only the four
/// projections of the block need a pass over the samples. Stateless.</para>
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

        // Phasors e^{jwt} stepped by rotation from t = −(n−1)/2; two independent chains, so they overlap in the pipeline.
        double t0 = -(n - 1) / 2.0;
        double c1 = Math.Cos(w1 * t0);
        double s1 = Math.Sin(w1 * t0);
        double c2 = Math.Cos(w2 * t0);
        double s2 = Math.Sin(w2 * t0);
        double dc1 = Math.Cos(w1);
        double ds1 = Math.Sin(w1);
        double dc2 = Math.Cos(w2);
        double ds2 = Math.Sin(w2);
        double xc1 = 0.0;
        double xs1 = 0.0;
        double xc2 = 0.0;
        double xs2 = 0.0;
        for (int i = 0; i < n; i++)
        {
            double x = block[i];
            xc1 += x * c1;
            xs1 += x * s1;
            xc2 += x * c2;
            xs2 += x * s2;
            double nc1 = (c1 * dc1) - (s1 * ds1);
            s1 = (s1 * dc1) + (c1 * ds1);
            c1 = nc1;
            double nc2 = (c2 * dc2) - (s2 * ds2);
            s2 = (s2 * dc2) + (c2 * ds2);
            c2 = nc2;
        }

        double diff = Dirichlet(w1 - w2, n);
        double sum = Dirichlet(w1 + w2, n);
        double twice1 = Dirichlet(2.0 * w1, n);
        double twice2 = Dirichlet(2.0 * w2, n);
        double explained =
            Project(0.5 * (n + twice1), 0.5 * (diff + sum), 0.5 * (n + twice2), xc1, xc2)
            + Project(0.5 * (n - twice1), 0.5 * (diff - sum), 0.5 * (n - twice2), xs1, xs2);
        return Math.Clamp(explained / energy, 0.0, 1.0);
    }

    /// <summary>Σ cos(θt) over the n centred indices t: sin(nθ/2) / sin(θ/2), n at θ = 0.</summary>
    private static double Dirichlet(double theta, int n)
    {
        double half = Math.Sin(0.5 * theta);
        return Math.Abs(half) < 1e-12 ? n : Math.Sin(0.5 * n * theta) / half;
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
