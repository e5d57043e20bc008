using Switchboard.Audio.Mixing;

namespace Switchboard.Audio.Tests.Mixing;

public sealed class AudioMixerTests
{
    [Fact]
    public void Mix_applies_gains_and_rounds()
    {
        short[] a = [1000, -1000, 200, 0];
        short[] b = [500, 500, -201, 7];
        var mixed = new short[4];
        AudioMixer.Mix(a, 0.5f, b, 1f, mixed);
        Assert.Equal(new short[] { 1000, 0, -101, 7 }, mixed);
    }

    [Fact]
    public void Mix_saturates_instead_of_wrapping()
    {
        short[] a = [30000, -30000, 32767, -32768, 20000];
        short[] b = [30000, -30000, 32767, -32768, -20000];
        var mixed = new short[5];
        AudioMixer.Mix(a, 1f, b, 1f, mixed);
        Assert.Equal(new short[] { 32767, -32768, 32767, -32768, 0 }, mixed);
    }

    [Fact]
    public void Mix_matches_a_clamped_reference_on_random_loud_signals()
    {
        var random = new Random(3);
        var a = new short[4000];
        var b = new short[4000];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = (short)random.Next(short.MinValue, short.MaxValue + 1);
            b[i] = (short)random.Next(short.MinValue, short.MaxValue + 1);
        }

        var mixed = new short[a.Length];
        AudioMixer.Mix(a, 0.8f, b, 1.7f, mixed);
        int clipped = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double exact = (a[i] * (double)MathF.Round(0.8f * 4096) / 4096) + (b[i] * (double)MathF.Round(1.7f * 4096) / 4096);
            double expected = Math.Clamp(exact, short.MinValue, short.MaxValue);
            Assert.True(Math.Abs(mixed[i] - expected) <= 1, $"sample {i}: {a[i]}*0.8 + {b[i]}*1.7 gave {mixed[i]}, expected {expected}");
            if (Math.Abs(exact) > short.MaxValue)
            {
                clipped++;
                Assert.Equal(Math.Sign(exact), Math.Sign(mixed[i]));
            }
        }

        Assert.True(clipped > 100, "the signals should have driven the mix into saturation");
    }

    [Fact]
    public void Mix_may_write_over_an_input()
    {
        short[] a = [100, 200, 300];
        short[] b = [1, 2, 3];
        AudioMixer.Mix(a, 1f, b, 2f, a);
        Assert.Equal(new short[] { 102, 204, 306 }, a);
    }

    [Fact]
    public void MixInto_accumulates_with_gain_and_saturates()
    {
        short[] destination = [10000, 32000, -32000, 0];
        short[] source = [10000, 10000, -10000, -3];
        AudioMixer.MixInto(destination, source, 0.25f);
        Assert.Equal(new short[] { 12500, 32767, -32768, -1 }, destination);
    }

    [Fact]
    public void MixIntoRamped_fades_linearly_and_continues_across_frames()
    {
        var source = new short[400];
        Array.Fill(source, (short)10000);
        var output = new short[400];
        AudioMixer.MixIntoRamped(output.AsSpan(0, 200), source.AsSpan(0, 200), 0f, 0.5f);
        AudioMixer.MixIntoRamped(output.AsSpan(200), source.AsSpan(200), 0.5f, 1f);

        Assert.Equal(0, output[0]);
        Assert.Equal(5000, output[200]);
        Assert.InRange(output[100], 2495, 2505);
        Assert.InRange(output[300], 7495, 7505);
        for (int i = 1; i < output.Length; i++)
        {
            Assert.InRange(output[i] - output[i - 1], 0, 30);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => AudioMixer.MixIntoRamped(output, source, 0f, -1f));
        Assert.Throws<ArgumentException>(() => AudioMixer.MixIntoRamped(output, source.AsSpan(1), 0f, 1f));
    }

    [Fact]
    public void ApplyGain_scales_and_saturates()
    {
        short[] samples = [1000, 20000, -20000, -1];
        AudioMixer.ApplyGain(samples, 2f);
        Assert.Equal(new short[] { 2000, 32767, -32768, -2 }, samples);
    }

    [Fact]
    public void Decibels_convert_to_linear_gain()
    {
        Assert.Equal(0.5012, AudioMixer.DecibelsToGain(-6), 3);
        Assert.Equal(1.0, AudioMixer.DecibelsToGain(0), 6);
        Assert.Equal(0.0, AudioMixer.DecibelsToGain(double.NegativeInfinity), 6);
        Assert.Throws<ArgumentOutOfRangeException>(() => AudioMixer.DecibelsToGain(30));
        Assert.Throws<ArgumentOutOfRangeException>(() => AudioMixer.DecibelsToGain(double.NaN));
    }

    [Fact]
    public void Bad_arguments_are_rejected_with_clear_exceptions()
    {
        var three = new short[3];
        var four = new short[4];
        Assert.Throws<ArgumentException>(() => AudioMixer.Mix(three, 1, four, 1, three));
        Assert.Throws<ArgumentException>(() => AudioMixer.Mix(three, 1, three, 1, four));
        Assert.Throws<ArgumentException>(() => AudioMixer.MixInto(three, four, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => AudioMixer.Mix(three, -0.1f, three, 1, three));
        Assert.Throws<ArgumentOutOfRangeException>(() => AudioMixer.Mix(three, 1, three, float.NaN, three));
        Assert.Throws<ArgumentOutOfRangeException>(() => AudioMixer.ApplyGain(three, 17f));
    }
}
