using Switchboard.Audio.Resampling;

namespace Switchboard.Audio.Tests.Resampling;

/// <summary>
/// Measures the frequency response with pure tones: gain at the tone (passband), and the level of every alias and
/// image the conversion could create (stopband), from a DFT of the steady-state output.
/// </summary>
public sealed class ResamplerResponseTests
{
    private const double Amplitude = 16000;
    private const double MaxPassbandDeviationDb = 0.1;
    private const double MinStopbandAttenuationDb = 60;

    public static TheoryData<int, int> Pairs()
    {
        var data = new TheoryData<int, int>();
        int[] rates = [8000, 16000, 24000, 48000];
        foreach (int input in rates)
        {
            foreach (int output in rates)
            {
                if (input != output)
                {
                    data.Add(input, output);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Passband_is_flat_within_0_1_dB_and_images_are_60_dB_down(int inputRate, int outputRate)
    {
        int lower = Math.Min(inputRate, outputRate);
        int edge = (int)(0.45 * lower);
        foreach (int f in PassbandTones(edge))
        {
            short[] output = Steady(inputRate, outputRate, f);
            double gainDb = 20 * Math.Log10(ToneAnalysis.Amplitude(output, f, outputRate) / Amplitude);
            Assert.True(Math.Abs(gainDb) <= MaxPassbandDeviationDb, $"{inputRate}->{outputRate}: gain at {f} Hz is {gainDb:F3} dB");
            AssertSpursAttenuated(inputRate, outputRate, f, output, exclude: f);
        }
    }

    /// <summary>Down-sampling pairs; up-sampling inputs have nothing above the lower Nyquist frequency.</summary>
    public static TheoryData<int, int> DownsamplingPairs()
    {
        var data = new TheoryData<int, int>();
        int[] rates = [8000, 16000, 24000, 48000];
        foreach (int input in rates)
        {
            foreach (int output in rates)
            {
                if (input > output)
                {
                    data.Add(input, output);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DownsamplingPairs))]
    public void Tones_above_the_lower_Nyquist_are_60_dB_down_everywhere(int inputRate, int outputRate)
    {
        int start = (outputRate / 2) + 10;
        int stop = (inputRate / 2) - 10;
        for (int i = 0; i < 24; i++)
        {
            int f = (start + ((stop - start) * i / 23)) / 10 * 10;
            short[] output = Steady(inputRate, outputRate, f);
            AssertSpursAttenuated(inputRate, outputRate, f, output, exclude: -1);
        }
    }

    private static IEnumerable<int> PassbandTones(int edge)
    {
        yield return 50;
        for (int i = 1; i <= 16; i++)
        {
            yield return edge * i / 16 / 10 * 10;
        }

        yield return edge;
    }

    private static void AssertSpursAttenuated(int inputRate, int outputRate, int f, short[] output, int exclude)
    {
        // Every frequency the tone can land on: its images around multiples of the input rate, folded by the output rate.
        var spurs = new HashSet<int>();
        int maxRate = Math.Max(inputRate, outputRate) * 2;
        for (int k = -maxRate / inputRate; k <= maxRate / inputRate; k++)
        {
            spurs.Add(ToneAnalysis.Fold((k * inputRate) + f, outputRate));
            spurs.Add(ToneAnalysis.Fold((k * inputRate) - f, outputRate));
        }

        foreach (int spur in spurs)
        {
            // DC and Nyquist cannot be measured as a sinusoid's amplitude; the tone itself is the signal.
            if (spur == exclude || spur == 0 || spur == outputRate / 2)
            {
                continue;
            }

            double level = ToneAnalysis.Amplitude(output, spur, outputRate);
            double attenuationDb = 20 * Math.Log10(Amplitude / Math.Max(level, 1e-9));
            Assert.True(
                attenuationDb >= MinStopbandAttenuationDb,
                $"{inputRate}->{outputRate}: tone {f} Hz leaves {attenuationDb:F1} dB at {spur} Hz");
        }
    }

    /// <summary>Resamples 0.4 s of a tone and returns 0.2 s of output from well after the filter has settled.</summary>
    private static short[] Steady(int inputRate, int outputRate, int frequency)
    {
        short[] input = ToneAnalysis.Tone(frequency, inputRate, inputRate * 4 / 10, Amplitude);
        var resampler = new Resampler(inputRate, outputRate);
        var output = new short[resampler.MaxOutputLength(input.Length)];
        int written = resampler.Process(input, output);
        // 0.2 s windows hold whole cycles of every multiple of 5 Hz, and all tones and spurs are multiples of 10 Hz.
        return output.AsSpan(outputRate / 10, outputRate / 5).ToArray()[..Math.Min(outputRate / 5, written - (outputRate / 10))];
    }
}
