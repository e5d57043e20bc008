using Switchboard.Audio.Dtmf;

namespace Switchboard.Audio.Tests.Dtmf;

public sealed class DtmfBasisTests
{
    private static readonly double[] Frequencies =
        [697, 770, 852, 941, 1209, 1336, 1477, 1633, 2 * 1209, 2 * 1336, 2 * 1477, 2 * 1633];

    private static float[] Block(int length, int seed)
    {
        var random = new Random(seed);
        var block = new float[length];
        for (int i = 0; i < length; i++)
        {
            block[i] = (float)(12000 * Math.Sin(i * 0.61)) + random.Next(-9000, 9000);
        }

        return block;
    }

    [Theory]
    [InlineData(8000)]
    [InlineData(16000)]
    public void Rows_give_the_same_bins_as_a_double_precision_DFT(int sampleRate)
    {
        var basis = DtmfBasis.For(sampleRate);
        int n = sampleRate / 100;
        Assert.Equal(n, basis.BlockSize);
        float[] block = Block(n, sampleRate);
        for (int bin = 0; bin < Frequencies.Length; bin++)
        {
            double w = 2 * Math.PI * Frequencies[bin] / sampleRate;
            double re = 0;
            double im = 0;
            double hannRe = 0;
            double hannIm = 0;
            for (int i = 0; i < n; i++)
            {
                double hann = 0.5 - (0.5 * Math.Cos(2 * Math.PI * (i + 0.5) / n));
                re += block[i] * Math.Cos(w * i);
                im += block[i] * Math.Sin(w * i);
                hannRe += hann * block[i] * Math.Cos(w * i);
                hannIm += hann * block[i] * Math.Sin(w * i);
            }

            BlockDot.Dot4(block, basis.RectCos(bin), basis.RectSin(bin), basis.RectCos(bin), basis.RectSin(bin), out float rc, out float rs, out _, out _);
            double scale = 1e-5 * 12000 * n;
            Assert.Equal(re, rc, scale);
            Assert.Equal(im, rs, scale);
            if (bin < 8)
            {
                BlockDot.Dot4(block, basis.HannCos(bin), basis.HannSin(bin), basis.HannCos(bin), basis.HannSin(bin), out float hc, out float hs, out _, out _);
                Assert.Equal(hannRe, hc, scale);
                Assert.Equal(hannIm, hs, scale);
            }
        }
    }

    [Fact]
    public void Sum_of_squares_matches_a_plain_loop_including_the_tail()
    {
        float[] block = Block(83, 5);
        double expected = 0;
        foreach (float v in block)
        {
            expected += (double)v * v;
        }

        Assert.Equal(expected, BlockDot.SumOfSquares(block), expected * 1e-6);
    }
}
