namespace Switchboard.Audio.Tests.Tones;

internal static class TestSignals
{
    public static short[] Sine(double frequency, int sampleRate, int count, double peak)
    {
        var result = new short[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = (short)Math.Round(Math.Sin(2 * Math.PI * frequency * i / sampleRate) * peak * 32767);
        }

        return result;
    }

    public static double RmsDbfs(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (short s in samples)
        {
            sum += (double)s * s;
        }

        return (10 * Math.Log10((sum / Math.Max(1, samples.Length)) + 1e-9)) - (20 * Math.Log10(32767));
    }
}
