using Switchboard.Bench.Audio.Signals;

namespace Switchboard.Bench.Audio.Quality;

/// <summary>
/// Measures a resampler with pure tones, the same way for every implementation. Each tone (amplitude 0.5 FS,
/// 0.4 s, fed in 20 ms chunks to a fresh instance, first 100 ms of output dropped) is least-squares fitted with a sine
/// at its own frequency; the fitted amplitude gives the gain, the residual gives everything else (images, aliases,
/// distortion, rounding). Tones above the output Nyquist have no expected component, so all their output is alias.
/// The residual includes 16-bit rounding of input and output, so attenuation saturates near 90 dB.
/// </summary>
internal static class ToneSweep
{
    private const double Amplitude = 16384;
    private const int Tones = 40;

    public static SweepResult Measure(Func<IStreamResampler> create, int inputRate, int outputRate)
    {
        double lower = Math.Min(inputRate, outputRate);
        double passEdge = 0.45 * lower;
        double minGain = double.MaxValue;
        double maxGain = double.MinValue;
        double worstSpurious = double.MinValue;
        double worstFrequency = 0;
        double edgeGain = 0;
        string name = string.Empty;

        void Record(double frequency)
        {
            var (gainDb, spuriousDb, who) = MeasureTone(create, inputRate, outputRate, frequency);
            name = who;
            if (frequency <= passEdge + 1e-9)
            {
                minGain = Math.Min(minGain, gainDb);
                maxGain = Math.Max(maxGain, gainDb);
                edgeGain = gainDb;
            }

            if (spuriousDb > worstSpurious)
            {
                worstSpurious = spuriousDb;
                worstFrequency = frequency;
            }
        }

        // Passband and transition band (for up-sampling, their images are the stopband).
        for (int k = 1; k <= Tones; k++)
        {
            Record(passEdge * k / Tones);
        }

        for (int k = 1; k <= 4; k++)
        {
            Record(passEdge + (0.04 * lower * k / 4));
        }

        // Down-sampling: tones from the output Nyquist to just below the input Nyquist all alias.
        if (inputRate > outputRate)
        {
            double from = 0.5 * outputRate;
            double to = 0.49 * inputRate;
            for (int k = 0; k <= Tones; k++)
            {
                Record(from + ((to - from) * k / Tones));
            }
        }

        return new SweepResult(name, maxGain - minGain, -worstSpurious, worstFrequency, edgeGain);
    }

    private static (double GainDb, double SpuriousDb, string Name) MeasureTone(
        Func<IStreamResampler> create, int inputRate, int outputRate, double frequency)
    {
        short[] input = TestSignals.Tone(frequency, Amplitude, inputRate, inputRate * 2 / 5);
        var output = new short[(input.Length * (long)outputRate / inputRate) + 1024];
        int written = 0;
        using var resampler = create();
        int chunk = inputRate / 50;
        var scratch = new short[(chunk * outputRate / inputRate) + 16];
        for (int offset = 0; offset + chunk <= input.Length; offset += chunk)
        {
            int n = resampler.Process(input.AsSpan(offset, chunk), scratch);
            scratch.AsSpan(0, n).CopyTo(output.AsSpan(written));
            written += n;
        }

        int skip = outputRate / 10;
        var window = output.AsSpan(skip, written - skip);
        double power = Amplitude * Amplitude / 2;
        if (frequency >= 0.5 * outputRate)
        {
            return (double.NaN, 10 * Math.Log10(Math.Max(MeanSquare(window), 1e-12) / power), resampler.Name);
        }

        var (amplitude, residual) = FitSine(window, frequency / outputRate);
        return (20 * Math.Log10(amplitude / Amplitude), 10 * Math.Log10(Math.Max(residual, 1e-12) / power), resampler.Name);
    }

    private static double MeanSquare(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (short s in samples)
        {
            sum += (double)s * s;
        }

        return sum / samples.Length;
    }

    /// <summary>Least-squares a·cos + b·sin + c at normalised frequency <paramref name="cycles"/>; returns amplitude and residual mean square.</summary>
    private static (double Amplitude, double ResidualMeanSquare) FitSine(ReadOnlySpan<short> y, double cycles)
    {
        // Normal equations of the 3-parameter sine fit (IEEE 1057 style), solved directly.
        double scc = 0, sss = 0, scs = 0, sc = 0, ss = 0, syc = 0, sys = 0, sy = 0;
        int n = y.Length;
        for (int i = 0; i < n; i++)
        {
            double phase = 2 * Math.PI * cycles * i;
            double c = Math.Cos(phase);
            double s = Math.Sin(phase);
            scc += c * c;
            sss += s * s;
            scs += c * s;
            sc += c;
            ss += s;
            syc += y[i] * c;
            sys += y[i] * s;
            sy += y[i];
        }

        double[,] m = { { scc, scs, sc }, { scs, sss, ss }, { sc, ss, n } };
        double[] rhs = [syc, sys, sy];
        double[] p = Solve3(m, rhs);
        double residual = 0;
        for (int i = 0; i < n; i++)
        {
            double phase = 2 * Math.PI * cycles * i;
            double e = y[i] - ((p[0] * Math.Cos(phase)) + (p[1] * Math.Sin(phase)) + p[2]);
            residual += e * e;
        }

        return (Math.Sqrt((p[0] * p[0]) + (p[1] * p[1])), residual / n);
    }

    private static double[] Solve3(double[,] m, double[] r)
    {
        double det = Det(m[0, 0], m[0, 1], m[0, 2], m[1, 0], m[1, 1], m[1, 2], m[2, 0], m[2, 1], m[2, 2]);
        return
        [
            Det(r[0], m[0, 1], m[0, 2], r[1], m[1, 1], m[1, 2], r[2], m[2, 1], m[2, 2]) / det,
            Det(m[0, 0], r[0], m[0, 2], m[1, 0], r[1], m[1, 2], m[2, 0], r[2], m[2, 2]) / det,
            Det(m[0, 0], m[0, 1], r[0], m[1, 0], m[1, 1], r[1], m[2, 0], m[2, 1], r[2]) / det,
        ];
    }

    private static double Det(double a, double b, double c, double d, double e, double f, double g, double h, double i) =>
        (a * ((e * i) - (f * h))) - (b * ((d * i) - (f * g))) + (c * ((d * h) - (e * g)));
}
