namespace Switchboard.Audio.Tests.Dtmf;

/// <summary>Q.24 non-operate conditions: off-frequency tones and tones too short to be digits.</summary>
public sealed class DtmfRejectionTests
{
    private const string AllDigits = "0123456789*#ABCD";

    [Theory]
    [InlineData(8000)]
    [InlineData(16000)]
    public void Rejects_tones_deviating_by_3_5_percent_or_more(int sampleRate)
    {
        var random = new Random(35 + sampleRate);
        double[] deviations = [0.035, 0.04, 0.05, 0.06, 0.08];
        var accepted = new List<string>();
        int cases = 0;
        foreach (char digit in AllDigits)
        {
            foreach (double level in new[] { -25.0, -15.0, -5.0, 0.0 })
            {
                foreach (double dev in deviations)
                {
                    foreach (double sign in new[] { -1.0, 1.0 })
                    {
                        // Off on the row only, on the column only, and on both.
                        foreach ((double rd, double cd) in new[] { (sign * dev, 0.0), (0.0, sign * dev), (sign * dev, sign * dev), (sign * dev, -sign * dev) })
                        {
                            int index = "123A456B789C*0#D".IndexOf(digit, StringComparison.Ordinal);
                            if (NearAnotherTone(RowHz[index / 4] * (1 + rd), RowHz) || NearAnotherTone(ColHz[index % 4] * (1 + cd), ColHz))
                            {
                                // Far enough off, a tone becomes a legitimate neighbouring key (941 Hz − 8 % is 852 Hz + 1.6 %).
                                continue;
                            }

                            cases++;
                            short[] signal = new DtmfTestSignals(sampleRate)
                                .Silence(20 + (random.NextDouble() * 10))
                                .Digit(digit, 120, level, level, rd, cd)
                                .Silence(50)
                                .WithNoise(DtmfTestSignals.DualToneMeanSquare(level, level), 25, random);
                            string got = DtmfTestSignals.Digits(DtmfTestSignals.Detect(signal, sampleRate));
                            if (got.Length != 0)
                            {
                                accepted.Add($"{digit} at {level} dBm0 dev {rd:P1}/{cd:P1}: got \"{got}\"");
                            }
                        }
                    }
                }
            }
        }

        Assert.True(cases > 500, $"too few cases: {cases}");
        Assert.True(accepted.Count == 0, $"{accepted.Count} of {cases} off-frequency tones accepted:\n" + string.Join("\n", accepted.Take(40)));
    }

    private static readonly double[] RowHz = [697, 770, 852, 941];
    private static readonly double[] ColHz = [1209, 1336, 1477, 1633];

    private static bool NearAnotherTone(double hz, double[] group) => group.Any(f => Math.Abs(hz - f) < f * 0.035);

    [Theory]
    [InlineData(8000)]
    [InlineData(16000)]
    public void Rejects_tones_of_23_ms_or_less_at_every_alignment(int sampleRate)
    {
        var accepted = new List<string>();
        int blockSize = sampleRate / 100;
        foreach (char digit in AllDigits)
        {
            foreach (double ms in new[] { 10.0, 15.0, 20.0, 23.0 })
            {
                foreach (double level in new[] { -25.0, -10.0, 0.0 })
                {
                    // Every alignment of the tone against the detector's 10 ms blocks, in 1/8 block steps.
                    for (int shift = 0; shift < blockSize; shift += blockSize / 8)
                    {
                        short[] signal = new DtmfTestSignals(sampleRate)
                            .Silence(20 + (shift * 1000.0 / sampleRate))
                            .Digit(digit, ms, level, level)
                            .Silence(60)
                            .ToArray();
                        string got = DtmfTestSignals.Digits(DtmfTestSignals.Detect(signal, sampleRate));
                        if (got.Length != 0)
                        {
                            accepted.Add($"{digit} {ms} ms at {level} dBm0, shift {shift}: got \"{got}\"");
                        }
                    }
                }
            }
        }

        Assert.True(accepted.Count == 0, $"{accepted.Count} short tones accepted:\n" + string.Join("\n", accepted.Take(40)));
    }

    [Theory]
    [InlineData(8000)]
    [InlineData(16000)]
    public void Rejects_a_tone_pair_that_glides_through_the_digit_like_a_voice(int sampleRate)
    {
        // 941 and 1209 Hz, each gliding from +2 % to −2 % over 80 ms (as fast as a voice harmonic can), so every block is within tolerance but the pair moves.
        var pcm = new short[sampleRate * 80 / 1000];
        double p1 = 0;
        double p2 = 0;
        for (int n = 0; n < pcm.Length; n++)
        {
            double x = (double)n / pcm.Length;
            p1 += 2 * Math.PI * 941 * (1.02 - (0.04 * x)) / sampleRate;
            p2 += 2 * Math.PI * 1209 * (1.02 - (0.04 * x)) / sampleRate;
            pcm[n] = (short)(7000 * (Math.Sin(p1) + Math.Sin(p2)));
        }

        var detector = new Switchboard.Audio.Dtmf.DtmfDetector(sampleRate);
        detector.Process(new short[sampleRate / 50]);
        detector.Process(pcm);
        detector.Process(new short[sampleRate / 10]);
        detector.Flush();
        Assert.False(detector.TryReadEvent(out _));
        Assert.Equal(1, detector.GlidesRejected);
    }

    [Theory]
    [InlineData(8000)]
    [InlineData(16000)]
    public void Rejects_a_single_tone_and_tones_below_the_level_floor(int sampleRate)
    {
        short[] single = new DtmfTestSignals(sampleRate).Tones(697, 697, 200, -10, -90).ToArray();
        short[] quiet = new DtmfTestSignals(sampleRate).Digit('5', 200, -40, -40).ToArray();
        Assert.Empty(DtmfTestSignals.Detect(single, sampleRate));
        Assert.Empty(DtmfTestSignals.Detect(quiet, sampleRate));
    }
}
