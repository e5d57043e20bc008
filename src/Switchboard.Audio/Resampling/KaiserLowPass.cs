namespace Switchboard.Audio.Resampling;

/// <summary>Windowed-sinc low-pass FIR design with a Kaiser window (Kaiser's formulas for β and length).</summary>
internal static class KaiserLowPass
{
    /// <summary>Kaiser β for a stopband attenuation of <paramref name="attenuationDb"/> (valid above 50 dB).</summary>
    public static double Beta(double attenuationDb) => 0.1102 * (attenuationDb - 8.7);

    /// <summary>Taps needed for <paramref name="attenuationDb"/> with a transition width given as a fraction of the sample rate.</summary>
    public static int Length(double attenuationDb, double transitionFraction) =>
        (int)Math.Ceiling((attenuationDb - 7.95) / (2.285 * 2 * Math.PI * transitionFraction)) + 1;

    /// <summary>
    /// Designs <paramref name="length"/> taps with cutoff <paramref name="cutoffFraction"/> (of the sample rate),
    /// scaled so the taps sum to <paramref name="dcGain"/>.
    /// </summary>
    public static double[] Design(int length, double cutoffFraction, double beta, double dcGain)
    {
        var taps = new double[length];
        double center = (length - 1) / 2.0;
        double i0Beta = BesselI0(beta);
        double sum = 0;
        for (int n = 0; n < length; n++)
        {
            double x = n - center;
            double sinc = x == 0 ? 2 * cutoffFraction : Math.Sin(2 * Math.PI * cutoffFraction * x) / (Math.PI * x);
            double r = length == 1 ? 0 : (2.0 * n / (length - 1)) - 1;
            double window = BesselI0(beta * Math.Sqrt(Math.Max(0, 1 - (r * r)))) / i0Beta;
            taps[n] = sinc * window;
            sum += taps[n];
        }

        for (int n = 0; n < length; n++)
        {
            taps[n] *= dcGain / sum;
        }

        return taps;
    }

    /// <summary>Modified Bessel function of the first kind, order 0, by its power series.</summary>
    internal static double BesselI0(double x)
    {
        double sum = 1;
        double term = 1;
        double half = x / 2;
        for (int k = 1; k < 200; k++)
        {
            term *= half / k;
            double squared = term * term;
            sum += squared;
            if (squared < sum * 1e-17)
            {
                break;
            }
        }

        return sum;
    }
}
