namespace Switchboard.Audio.Tests.Tones;

/// <summary>Reference single-bin power measurement for test assertions (independent of product code).</summary>
internal static class Goertzel
{
    /// <summary>RMS amplitude of the component at <paramref name="frequency"/>, relative to full scale.</summary>
    public static double Amplitude(ReadOnlySpan<short> samples, double frequency, int sampleRate)
    {
        double re = 0;
        double im = 0;
        for (int n = 0; n < samples.Length; n++)
        {
            double w = 2 * Math.PI * frequency * n / sampleRate;
            re += samples[n] * Math.Cos(w);
            im -= samples[n] * Math.Sin(w);
        }

        double peak = 2 * Math.Sqrt((re * re) + (im * im)) / samples.Length;
        return peak / Math.Sqrt(2) / 32768.0;
    }

    public static double Db(double ratio) => 20 * Math.Log10(ratio + 1e-12);
}
