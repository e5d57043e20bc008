namespace Switchboard.Sip.Tests.Rtp;

/// <summary>Test-side Goertzel power and tone generation.</summary>
internal static class ToneAnalysis
{
    public static double Power(ReadOnlySpan<short> samples, double frequency, int sampleRate = 8000)
    {
        double coeff = 2 * Math.Cos(2 * Math.PI * frequency / sampleRate);
        double s1 = 0;
        double s2 = 0;
        foreach (short x in samples)
        {
            double s0 = x + (coeff * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        return (s1 * s1) + (s2 * s2) - (coeff * s1 * s2);
    }

    public static void Tone(Span<short> destination, double frequency, long startSample, double amplitude = 8000, int sampleRate = 8000)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (short)(amplitude * Math.Sin(2 * Math.PI * frequency * (startSample + i) / sampleRate));
        }
    }

    public static double Rms(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (short x in samples)
        {
            sum += (double)x * x;
        }

        return samples.IsEmpty ? 0 : Math.Sqrt(sum / samples.Length);
    }
}
