using Switchboard.Audio.Resampling;

namespace Switchboard.Audio.Tests.Resampling;

public sealed class ResamplerStreamingTests
{
    public static TheoryData<int, int> AllPairs()
    {
        var data = new TheoryData<int, int>();
        int[] rates = [8000, 16000, 24000, 48000];
        foreach (int input in rates)
        {
            foreach (int output in rates)
            {
                data.Add(input, output);
            }
        }

        return data;
    }

    private static short[] Signal(int length, int seed)
    {
        var random = new Random(seed);
        var samples = new short[length];
        for (int i = 0; i < length; i++)
        {
            double tone = 12000 * Math.Sin(i * 0.0537) + (6000 * Math.Sin(i * 0.91));
            samples[i] = (short)Math.Clamp(tone + random.Next(-8000, 8000), short.MinValue, short.MaxValue);
        }

        // Full-scale steps make any discontinuity between chunks visible.
        int at = length / 3;
        samples.AsSpan(at, length / 20).Fill(short.MaxValue);
        samples.AsSpan(at + (length / 20), length / 20).Fill(short.MinValue);
        return samples;
    }

    private static short[] OneGo(Resampler resampler, short[] input)
    {
        var output = new short[resampler.MaxOutputLength(input.Length)];
        int written = resampler.Process(input, output);
        return output[..written];
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Random_chunking_gives_exactly_the_one_call_output(int inputRate, int outputRate)
    {
        short[] input = Signal(inputRate / 2, inputRate + outputRate);
        short[] expected = OneGo(new Resampler(inputRate, outputRate), input);
        Assert.Equal(((long)input.Length * outputRate) / inputRate, expected.Length);

        var random = new Random(7);
        var chunked = new Resampler(inputRate, outputRate);
        var actual = new List<short>();
        var buffer = new short[chunked.MaxOutputLength(1000)];
        for (int offset = 0; offset < input.Length;)
        {
            int size = Math.Min(random.Next(0, 1000), input.Length - offset);
            int predicted = chunked.OutputLength(size);
            Assert.True(predicted <= chunked.MaxOutputLength(size));
            int written = chunked.Process(input.AsSpan(offset, size), buffer);
            Assert.Equal(predicted, written);
            actual.AddRange(buffer.AsSpan(0, written).ToArray());
            offset += size;
        }

        Assert.Equal(expected, actual.ToArray());
    }

    [Fact]
    public void Equal_rates_pass_samples_through_unchanged()
    {
        short[] input = Signal(4000, 3);
        Assert.Equal(input, OneGo(new Resampler(16000, 16000), input));
        Assert.Equal(TimeSpan.Zero, new Resampler(16000, 16000).Delay);
    }

    [Theory]
    [InlineData(8000, 48000)]
    [InlineData(48000, 8000)]
    [InlineData(16000, 24000)]
    public void Constant_input_settles_to_the_same_constant(int inputRate, int outputRate)
    {
        var input = new short[inputRate / 10];
        input.AsSpan().Fill(-12345);
        short[] output = OneGo(new Resampler(inputRate, outputRate), input);
        foreach (short s in output.AsSpan(output.Length / 2))
        {
            Assert.InRange(s, -12346, -12344);
        }
    }

    [Fact]
    public void Reset_makes_an_instance_behave_like_a_new_one()
    {
        short[] input = Signal(3000, 9);
        var resampler = new Resampler(24000, 16000);
        short[] first = OneGo(resampler, input);
        OneGo(resampler, Signal(777, 10));
        resampler.Reset();
        Assert.Equal(first, OneGo(resampler, input));
    }

    [Fact]
    public void Filters_are_shared_per_rate_pair_and_state_is_not()
    {
        var a = new Resampler(8000, 48000);
        var b = new Resampler(8000, 48000);
        Assert.Same(a.Filter, b.Filter);
        Assert.NotSame(a.Filter, new Resampler(48000, 8000).Filter);

        short[] input = Signal(2000, 4);
        short[] alone = OneGo(new Resampler(8000, 48000), input);
        OneGo(a, Signal(500, 5));
        Assert.Equal(alone, OneGo(b, input));
    }

    [Theory]
    [InlineData(8000, 48000)]
    [InlineData(48000, 8000)]
    [InlineData(24000, 16000)]
    public void Process_does_not_allocate_after_construction(int inputRate, int outputRate)
    {
        var resampler = new Resampler(inputRate, outputRate);
        short[] input = Signal(inputRate / 50, 1);
        var output = new short[resampler.MaxOutputLength(input.Length)];
        resampler.Process(input, output);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            resampler.Process(input, output);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void Bad_arguments_are_rejected_clearly()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Resampler(44100, 8000));
        Assert.Equal("inputRate", ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Resampler(8000, 22050));
        var resampler = new Resampler(8000, 16000);
        Assert.Throws<ArgumentOutOfRangeException>(() => resampler.MaxOutputLength(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => resampler.OutputLength(-1));
        var tooSmall = Assert.Throws<ArgumentException>(() => resampler.Process(new short[160], new short[319]));
        Assert.Equal("output", tooSmall.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Resampler(8000, 48000).MaxOutputLength(int.MaxValue));
    }

    [Fact]
    public void A_rejected_call_consumes_nothing()
    {
        short[] input = Signal(160, 2);
        var reference = new Resampler(8000, 16000);
        short[] expected = OneGo(reference, input);
        var resampler = new Resampler(8000, 16000);
        Assert.Throws<ArgumentException>(() => resampler.Process(input, new short[10]));
        Assert.Equal(expected, OneGo(resampler, input));
    }
}
