using Switchboard.Audio.Resampling;

namespace Switchboard.Audio.Tests.Resampling;

public sealed class PolyphaseKernelsTests
{
    private static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 65535.0) - 32768.0);
        }

        return values;
    }

    [Theory]
    [InlineData(1, 8)]
    [InlineData(2, 176)]
    [InlineData(3, 264)]
    [InlineData(1, 88)]
    [InlineData(6, 13)]
    [InlineData(2, 1)]
    public void Dot8_gives_bit_for_bit_what_Dot_gives_for_each_window(int stride, int taps)
    {
        // The resampler's chunk-independence rests on this: which kernel computes an output depends on where the
        // caller cut the stream.
        float[] x = Random((7 * stride) + taps + 5, stride + taps);
        float[] coefficients = Random(taps, 99);
        for (int i = 0; i < coefficients.Length; i++)
        {
            coefficients[i] /= 32768f;
        }

        var results = new float[8];
        PolyphaseKernels.Dot8(x.AsSpan(3), stride, coefficients, results);
        for (int k = 0; k < 8; k++)
        {
            float single = PolyphaseKernels.Dot(x.AsSpan(3 + (k * stride)), coefficients);
            Assert.Equal(BitConverter.SingleToInt32Bits(single), BitConverter.SingleToInt32Bits(results[k]));

            double reference = 0;
            for (int t = 0; t < taps; t++)
            {
                reference += (double)x[3 + (k * stride) + t] * coefficients[t];
            }

            Assert.Equal(reference, single, Math.Max(1e-6 * Math.Abs(reference), 0.05));
        }
    }

    [Fact]
    public void Dot8_rejects_a_span_too_short_for_its_last_window()
    {
        var x = new float[(7 * 2) + 16 - 1];
        var coefficients = new float[16];
        var results = new float[8];
        Assert.Throws<ArgumentOutOfRangeException>(() => PolyphaseKernels.Dot8(x, 2, coefficients, results));
    }

    [Theory]
    [InlineData(8000, 16000)]
    [InlineData(16000, 8000)]
    [InlineData(48000, 16000)]
    [InlineData(16000, 48000)]
    [InlineData(16000, 24000)]
    public void Branches_are_padded_at_the_oldest_end_to_whole_vectors(int inputRate, int outputRate)
    {
        var filter = new Resampler(inputRate, outputRate).Filter;
        Assert.Equal(0, filter.TapsPerPhase % ResamplerFilter.TapAlignment);

        // Padding adds fewer than TapAlignment zeros, all at the oldest end; the taps still sum to the DC gain Up.
        for (int p = 0; p < filter.Up; p++)
        {
            ReadOnlySpan<float> branch = filter.Coefficients.AsSpan(p * filter.TapsPerPhase, filter.TapsPerPhase);
            int firstNonZero = branch.IndexOfAnyExcept(0f);
            Assert.True(firstNonZero is >= 0 and < ResamplerFilter.TapAlignment, $"branch {p}: first real tap at {firstNonZero}");
        }

        double sum = 0;
        foreach (float c in filter.Coefficients)
        {
            sum += c;
        }

        Assert.Equal(filter.Up, sum, 1e-3);
    }
}
