namespace Switchboard.Audio.Tests.Resampling;

public sealed class ToneAnalysisTests
{
    [Fact]
    public void Amplitude_measures_a_tone_and_ignores_other_whole_cycle_tones()
    {
        short[] a = ToneAnalysis.Tone(1000, 16000, 3200, 10000);
        short[] b = ToneAnalysis.Tone(2500, 16000, 3200, 3000);
        var mix = new short[a.Length];
        for (int i = 0; i < mix.Length; i++)
        {
            mix[i] = (short)(a[i] + b[i]);
        }

        Assert.InRange(ToneAnalysis.Amplitude(mix, 1000, 16000), 9999, 10001);
        Assert.InRange(ToneAnalysis.Amplitude(mix, 2500, 16000), 2999, 3001);
        Assert.InRange(ToneAnalysis.Amplitude(mix, 4000, 16000), 0, 1);
    }

    [Theory]
    [InlineData(9000, 8000, 1000)]
    [InlineData(-300, 8000, 300)]
    [InlineData(4000, 8000, 4000)]
    [InlineData(44300, 48000, 3700)]
    public void Fold_maps_frequencies_into_the_first_Nyquist_zone(int f, int rate, int expected)
    {
        Assert.Equal(expected, ToneAnalysis.Fold(f, rate));
    }
}
