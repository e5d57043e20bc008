namespace Switchboard.Audio.Tests.Resampling;

/// <summary>Pure-tone generation and single-frequency DFT amplitude measurement.</summary>
internal static class ToneAnalysis
{
    public static short[] Tone(double frequency, int sampleRate, int length, double amplitude)
    {
        var samples = new short[length];
        for (int n = 0; n < length; n++)
        {
            samples[n] = (short)Math.Round(amplitude * Math.Sin(2 * Math.PI * frequency * n / sampleRate));
        }

        return samples;
    }

    /// <summary>
    /// Amplitude of the component at <paramref name="frequency"/> in <paramref name="samples"/>. Exact for a
    /// sinusoid that completes a whole number of cycles in the window (callers choose frequencies and windows so).
    /// </summary>
    public static double Amplitude(ReadOnlySpan<short> samples, double frequency, int sampleRate)
    {
        // Goertzel: one multiply-add per sample instead of a sine and cosine.
        double coefficient = 2 * Math.Cos(2 * Math.PI * frequency / sampleRate);
        double s1 = 0;
        double s2 = 0;
        for (int n = 0; n < samples.Length; n++)
        {
            double s0 = samples[n] + (coefficient * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        double power = (s1 * s1) + (s2 * s2) - (coefficient * s1 * s2);
        return 2 * Math.Sqrt(Math.Max(power, 0)) / samples.Length;
    }

    /// <summary>Folds any frequency into [0, rate/2] the way sampling at <paramref name="sampleRate"/> does.</summary>
    public static int Fold(int frequency, int sampleRate)
    {
        int f = ((frequency % sampleRate) + sampleRate) % sampleRate;
        return f > sampleRate / 2 ? sampleRate - f : f;
    }
}
