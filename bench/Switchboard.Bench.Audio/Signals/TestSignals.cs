namespace Switchboard.Bench.Audio.Signals;

/// <summary>Deterministic test audio, generated at start so every run and every implementation sees the same samples.</summary>
internal static class TestSignals
{
    private static readonly int[] RowHz = [697, 770, 852, 941];
    private static readonly int[] ColumnHz = [1209, 1336, 1477, 1633];
    private const string Keypad = "123A456B789C*0#D";

    /// <summary>The 16 digits cycled through by the DTMF benchmark.</summary>
    internal const string DtmfDigits = "1234567890*#ABCD";

    /// <summary>
    /// <paramref name="digits"/> as DTMF bursts (<paramref name="onMs"/> on, <paramref name="offMs"/> off, each tone
    /// at about -16 dBFS) over low white noise (about -60 dBFS), at 8 kHz, padded with noise to
    /// <paramref name="totalSamples"/>.
    /// </summary>
    internal static short[] Dtmf(string digits, int onMs, int offMs, int totalSamples, int seed = 1)
    {
        const int rate = 8000;
        var samples = new double[totalSamples];
        var random = new Random(seed);
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (random.NextDouble() - 0.5) * 100;
        }

        int on = onMs * rate / 1000;
        int off = offMs * rate / 1000;
        int position = off;
        foreach (char digit in digits)
        {
            int key = Keypad.IndexOf(digit, StringComparison.Ordinal);
            if (key < 0)
            {
                throw new ArgumentException($"'{digit}' is not a DTMF digit.", nameof(digits));
            }

            double low = RowHz[key / 4];
            double high = ColumnHz[key % 4];
            for (int i = 0; i < on && position + i < samples.Length; i++)
            {
                double t = (double)i / rate;
                samples[position + i] += 5000 * (Math.Sin(2 * Math.PI * low * t) + Math.Sin(2 * Math.PI * high * t));
            }

            position += on + off;
        }

        return ToPcm16(samples);
    }

    /// <summary>A speech-band test signal: three tones plus noise at about -12 dBFS overall.</summary>
    internal static short[] Program(int rate, int totalSamples, int seed = 2)
    {
        var random = new Random(seed);
        var samples = new double[totalSamples];
        for (int i = 0; i < samples.Length; i++)
        {
            double t = (double)i / rate;
            samples[i] = (2500 * Math.Sin(2 * Math.PI * 220 * t)) + (2000 * Math.Sin(2 * Math.PI * 1330 * t))
                + (1500 * Math.Sin(2 * Math.PI * 3150 * t)) + ((random.NextDouble() - 0.5) * 3000);
        }

        return ToPcm16(samples);
    }

    /// <summary>A sine of <paramref name="amplitude"/> at <paramref name="frequency"/> Hz, rounded to PCM16.</summary>
    internal static short[] Tone(double frequency, double amplitude, int rate, int totalSamples)
    {
        var samples = new double[totalSamples];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = amplitude * Math.Sin(2 * Math.PI * frequency * i / rate);
        }

        return ToPcm16(samples);
    }

    private static short[] ToPcm16(double[] samples)
    {
        var pcm = new short[samples.Length];
        for (int i = 0; i < samples.Length; i++)
        {
            pcm[i] = (short)Math.Clamp(Math.Round(samples[i]), short.MinValue, short.MaxValue);
        }

        return pcm;
    }
}
