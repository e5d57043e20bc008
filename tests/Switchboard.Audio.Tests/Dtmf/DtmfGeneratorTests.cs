using Switchboard.Audio.Dtmf;

namespace Switchboard.Audio.Tests.Dtmf;

public sealed class DtmfGeneratorTests
{
    [Fact]
    public void Writes_both_tones_at_the_requested_level()
    {
        var pcm = new short[8000];
        DtmfGenerator.Generate('5', -10, 8000, pcm);

        // Each tone at -10 dBm0: mean square per tone is A²/2 with A = 22,822 × 10^(-10/20).
        double expected = 2 * DtmfTones.MeanSquareFromDbm0(-10);
        double actual = pcm.Select(s => (double)s * s).Average();
        Assert.InRange(actual, expected * 0.98, expected * 1.02);

        // And at the right frequencies: correlate against 770 and 1336 Hz.
        Assert.InRange(Amplitude(pcm, 770, 8000), 0.98 * DtmfTones.AmplitudeFromDbm0(-10), 1.02 * DtmfTones.AmplitudeFromDbm0(-10));
        Assert.InRange(Amplitude(pcm, 1336, 8000), 0.98 * DtmfTones.AmplitudeFromDbm0(-10), 1.02 * DtmfTones.AmplitudeFromDbm0(-10));
        Assert.True(Amplitude(pcm, 697, 8000) < 200);
    }

    [Fact]
    public void A_full_scale_sine_is_plus_3_14_dbm0_and_loud_pairs_saturate()
    {
        Assert.Equal(32767, DtmfTones.AmplitudeFromDbm0(3.14), 0);
        var pcm = new short[800];
        DtmfGenerator.Generate('0', 0, 8000, pcm);
        Assert.Equal(32767, pcm.Max());
        Assert.Equal(-32767, pcm.Min());
    }

    [Fact]
    public void Converts_durations_to_sample_counts()
    {
        Assert.Equal(320, DtmfGenerator.GetSampleCount(TimeSpan.FromMilliseconds(40), 8000));
        Assert.Equal(1600, DtmfGenerator.GetSampleCount(TimeSpan.FromMilliseconds(100), 16000));
        Assert.Throws<ArgumentOutOfRangeException>(() => DtmfGenerator.GetSampleCount(TimeSpan.FromMilliseconds(-1), 8000));
        Assert.Throws<ArgumentOutOfRangeException>(() => DtmfGenerator.GetSampleCount(TimeSpan.FromMilliseconds(1), 0));
    }

    [Fact]
    public void Validates_digit_level_frequency_and_rate()
    {
        var pcm = new short[10];
        Assert.Throws<ArgumentException>(() => DtmfGenerator.Generate('x', -10, 8000, pcm));
        Assert.Throws<ArgumentOutOfRangeException>(() => DtmfGenerator.Generate('1', 4, 8000, pcm));
        Assert.Throws<ArgumentOutOfRangeException>(() => DtmfGenerator.Generate('1', double.NaN, 8000, pcm));
        Assert.Throws<ArgumentOutOfRangeException>(() => DtmfGenerator.Generate('1', -10, 4000, pcm));
        Assert.Throws<ArgumentOutOfRangeException>(() => DtmfGenerator.GenerateDualTone(697, 4000, -10, -10, 8000, pcm));
        Assert.True(DtmfGenerator.IsDtmfDigit('a'));
        Assert.False(DtmfGenerator.IsDtmfDigit('E'));
        DtmfGenerator.Generate('d', -10, 8000, pcm);
    }

    private static double Amplitude(short[] pcm, double hz, int rate)
    {
        double re = 0;
        double im = 0;
        for (int n = 0; n < pcm.Length; n++)
        {
            re += pcm[n] * Math.Cos(2 * Math.PI * hz * n / rate);
            im += pcm[n] * Math.Sin(2 * Math.PI * hz * n / rate);
        }

        return 2 * Math.Sqrt((re * re) + (im * im)) / pcm.Length;
    }
}
