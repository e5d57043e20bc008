using System.Collections.Concurrent;

namespace Switchboard.Audio.Resampling;

/// <summary>
/// The polyphase decomposition of one rate pair's anti-alias/anti-image filter. Immutable and shared by every
/// <see cref="Resampler"/> of that pair (see <see cref="For"/>).
/// </summary>
internal sealed class ResamplerFilter
{
    /// <summary>Designed stopband attenuation; 10 dB above the 60 dB requirement to absorb float rounding.</summary>
    internal const double AttenuationDb = 70;

    /// <summary>Passband edge as a fraction of the lower of the two rates.</summary>
    internal const double PassbandFraction = 0.45;

    /// <summary>Stopband edge as a fraction of the lower rate: its Nyquist frequency, where aliases begin.</summary>
    internal const double StopbandFraction = 0.5;

    /// <summary>Branch lengths are padded to a multiple of this (with zero taps) so the dot product has no scalar tail.</summary>
    internal const int TapAlignment = 8;

    private static readonly ConcurrentDictionary<(int, int), ResamplerFilter> Cache = new();

    private ResamplerFilter(int inputRate, int outputRate)
    {
        int gcd = Gcd(inputRate, outputRate);
        Up = outputRate / gcd;
        Down = inputRate / gcd;
        if (Up == 1 && Down == 1)
        {
            TapsPerPhase = 1;
            Coefficients = [1f];
            return;
        }

        // Everything happens at the common rate Up·inputRate: interpolate by Up, low-pass, keep every Down-th sample.
        double commonRate = (double)inputRate * Up;
        int lowerRate = Math.Min(inputRate, outputRate);
        double transition = (StopbandFraction - PassbandFraction) * lowerRate / commonRate;
        double cutoff = (PassbandFraction + StopbandFraction) / 2 * lowerRate / commonRate;
        int length = KaiserLowPass.Length(AttenuationDb, transition);
        int designedTaps = (length + Up - 1) / Up;
        length = designedTaps * Up;
        double[] prototype = KaiserLowPass.Design(length, cutoff, KaiserLowPass.Beta(AttenuationDb), dcGain: Up);
        DelayInCommonSamples = (length - 1) / 2.0;

        // Phase p uses taps p, p+Up, p+2·Up, ...; stored newest-last so the dot product runs over a contiguous
        // oldest-to-newest history window. The padding zeros sit at the oldest end, so they multiply samples that
        // have already left the filter and change neither the response nor the delay.
        TapsPerPhase = (designedTaps + TapAlignment - 1) / TapAlignment * TapAlignment;
        int padding = TapsPerPhase - designedTaps;
        Coefficients = new float[Up * TapsPerPhase];
        for (int p = 0; p < Up; p++)
        {
            for (int j = 0; j < designedTaps; j++)
            {
                Coefficients[(p * TapsPerPhase) + padding + j] = (float)prototype[((designedTaps - 1 - j) * Up) + p];
            }
        }
    }

    /// <summary>Interpolation factor L.</summary>
    public int Up { get; }

    /// <summary>Decimation factor M.</summary>
    public int Down { get; }

    /// <summary>Taps per polyphase branch, including the zero padding to a multiple of <see cref="TapAlignment"/>.</summary>
    public int TapsPerPhase { get; }

    /// <summary>Branch coefficients, <see cref="Up"/> blocks of <see cref="TapsPerPhase"/>.</summary>
    public float[] Coefficients { get; }

    /// <summary>Group delay of the filter in samples of the common rate.</summary>
    public double DelayInCommonSamples { get; }

    /// <summary>The shared filter for a rate pair (rates already validated).</summary>
    public static ResamplerFilter For(int inputRate, int outputRate) =>
        Cache.GetOrAdd((inputRate, outputRate), static key => new ResamplerFilter(key.Item1, key.Item2));

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
