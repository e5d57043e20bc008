namespace Switchboard.Audio.Tests.Dtmf;

/// <summary>
/// The ITU-T Q.24 acceptance matrix: every digit × level × frequency deviation × twist, with white noise at 15 dB SNR,
/// each as a 40 ms tone, a 40 ms pause and the same 40 ms tone again (so both the minimum duration and the
/// minimum pause are exercised), at both sample rates.
/// </summary>
public sealed class DtmfQ24MatrixTests
{
    private const string AllDigits = "0123456789*#ABCD";

    private static readonly double[] Deviations = [-0.015, 0.0, 0.015];

    // (row level offset, column level offset) as twist: positive = forward twist (column louder).
    private static readonly double[] Twists = [-4.0, 0.0, 8.0];

    [Theory]
    [InlineData(8000)]
    [InlineData(16000)]
    public void Detects_every_digit_at_every_level_deviation_and_twist_with_noise(int sampleRate)
    {
        var random = new Random(sampleRate);
        var failures = new List<string>();
        int cases = 0;
        foreach (char digit in AllDigits)
        {
            for (double level = -25; level <= 0; level += 1)
            {
                foreach (double twist in Twists)
                {
                    // The louder tone sits at `level`; the quieter one `|twist|` dB below, never under -25 dBm0.
                    double row = twist > 0 ? level - twist : level;
                    double col = twist < 0 ? level + twist : level;
                    if (row < -25 || col < -25)
                    {
                        continue;
                    }

                    foreach (double rowDev in Deviations)
                    {
                        foreach (double colDev in Deviations)
                        {
                            cases++;
                            double lead = 30 + (random.NextDouble() * 20);
                            short[] signal = new DtmfTestSignals(sampleRate)
                                .Silence(lead)
                                .Digit(digit, 40, row, col, rowDev, colDev)
                                .Silence(40)
                                .Digit(digit, 40, row, col, rowDev, colDev)
                                .Silence(50)
                                .WithNoise(DtmfTestSignals.DualToneMeanSquare(row, col), 15, random);
                            string got = DtmfTestSignals.Digits(DtmfTestSignals.Detect(signal, sampleRate));
                            if (got != new string(digit, 2))
                            {
                                failures.Add($"{digit} row {row} dBm0 col {col} dBm0 dev {rowDev:P1}/{colDev:P1}: got \"{got}\"");
                            }
                        }
                    }
                }
            }
        }

        Assert.True(cases > 3000, $"matrix too small: {cases}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} cases failed:\n" + string.Join("\n", failures.Take(40)));
    }

    [Theory]
    [InlineData(8000)]
    [InlineData(16000)]
    public void Detects_long_tones_at_the_noisiest_corners_of_the_matrix(int sampleRate)
    {
        // Long tones exercise the whole-digit checks (steady frequency) that 40 ms tones are too short for.
        var random = new Random(sampleRate + 1);
        var failures = new List<string>();
        int cases = 0;
        foreach (char digit in AllDigits)
        {
            foreach ((double row, double col) in new[] { (-25.0, -25.0), (-25.0, -17.0), (-21.0, -25.0), (-8.0, 0.0), (0.0, -4.0) })
            {
                foreach (double rowDev in Deviations)
                {
                    foreach (double colDev in Deviations)
                    {
                        foreach (double ms in new[] { 70.0, 100.0, 250.0 })
                        {
                            cases++;
                            short[] signal = new DtmfTestSignals(sampleRate)
                                .Silence(30 + (random.NextDouble() * 20))
                                .Digit(digit, ms, row, col, rowDev, colDev)
                                .Silence(50)
                                .WithNoise(DtmfTestSignals.DualToneMeanSquare(row, col), 15, random);
                            string got = DtmfTestSignals.Digits(DtmfTestSignals.Detect(signal, sampleRate));
                            if (got != digit.ToString())
                            {
                                failures.Add($"{digit} {ms} ms row {row} col {col} dev {rowDev:P1}/{colDev:P1}: got \"{got}\"");
                            }
                        }
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} cases failed:\n" + string.Join("\n", failures.Take(40)));
    }

    [Theory]
    [InlineData(8000)]
    [InlineData(16000)]
    public void Detects_both_tones_at_zero_dbm0_despite_clipping(int sampleRate)
    {
        foreach (char digit in AllDigits)
        {
            short[] signal = new DtmfTestSignals(sampleRate).Silence(30).Digit(digit, 60, 0, 0).Silence(50).ToArray();
            Assert.Equal(digit.ToString(), DtmfTestSignals.Digits(DtmfTestSignals.Detect(signal, sampleRate)));
        }
    }
}
