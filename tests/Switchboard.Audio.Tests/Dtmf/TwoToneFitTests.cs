using Switchboard.Audio.Dtmf;

namespace Switchboard.Audio.Tests.Dtmf;

public sealed class TwoToneFitTests
{
    [Theory]
    [InlineData(8000, 697.0, 1209.0, 0.0)]
    [InlineData(8000, 941.0 * 1.015, 1633.0 * 0.985, 8.0)]
    [InlineData(8000, 852.0 * 0.985, 1477.0 * 1.015, -4.0)]
    [InlineData(16000, 770.0, 1336.0, 8.0)]
    [InlineData(16000, 941.0 * 1.015, 1209.0 * 1.015, -4.0)]
    public void Explains_a_clean_tone_pair_completely_whatever_its_offset_and_twist(int rate, double f1, double f2, double twistDb)
    {
        float[] block = Block(rate, (f1, 1000.0, 0.3), (f2, 1000.0 * Math.Pow(10, twistDb / 20), 1.9));
        double share = TwoToneFit.ExplainedShare(block, Energy(block), W(f1, rate), W(f2, rate));
        Assert.InRange(share, 0.9999, 1.0);
    }

    [Theory]
    [InlineData(8000)]
    [InlineData(16000)]
    public void Leaves_a_third_tone_in_the_residual(int rate)
    {
        // A third tone with a quarter of the pair's power (two tones of amplitude 1000, one of 707): 2/2.5 explained.
        float[] block = Block(rate, (941.0, 1000.0, 0.0), (1209.0, 1000.0, 1.0), (1075.0, 707.1, 2.0));
        double share = TwoToneFit.ExplainedShare(block, Energy(block), W(941.0, rate), W(1209.0, rate));
        Assert.InRange(share, 0.77, 0.83);
    }

    [Fact]
    public void Explains_nothing_in_silence()
    {
        Assert.Equal(0.0, TwoToneFit.ExplainedShare(new float[80], 0.0, W(697, 8000), W(1209, 8000)));
    }

    private static double W(double hz, int rate) => 2 * Math.PI * hz / rate;

    private static float[] Block(int rate, params (double Hz, double Amplitude, double Phase)[] tones)
    {
        var block = new float[rate / 100];
        for (int i = 0; i < block.Length; i++)
        {
            double v = 0;
            foreach ((double hz, double a, double phase) in tones)
            {
                v += a * Math.Sin((2 * Math.PI * hz * i / rate) + phase);
            }

            block[i] = (float)v;
        }

        return block;
    }

    private static double Energy(float[] block)
    {
        double e = 0;
        foreach (float v in block)
        {
            e += (double)v * v;
        }

        return e;
    }
}
