using Switchboard.Audio.Tones;

namespace Switchboard.Audio.Tests.Tones;

public sealed class ToneGeneratorTests
{
    [Fact]
    public void Us_ringback_is_440_plus_480_two_seconds_on_four_off()
    {
        const int Rate = 8000;
        short[] audio = Generate(TonePattern.UsRingback, Rate, 13 * Rate, 160);

        AssertOn(audio, Rate, 0.0, 2.0, 440, 480);
        AssertOff(audio, Rate, 2.0, 6.0);
        AssertOn(audio, Rate, 6.0, 8.0, 440, 480);
        AssertOff(audio, Rate, 8.0, 12.0);
        AssertOn(audio, Rate, 12.0, 13.0, 440, 480);

        short[] on = audio[(Rate / 2)..(Rate * 3 / 2)];
        Assert.True(Goertzel.Db(Goertzel.Amplitude(on, 620, Rate)) < -60, "no busy-tone component in ringback");
        Assert.Equal(-22, Goertzel.Db(Goertzel.Amplitude(on, 440, Rate)), 0);
    }

    [Fact]
    public void Us_busy_is_480_plus_620_half_second_cadence()
    {
        const int Rate = 16000;
        short[] audio = Generate(TonePattern.UsBusy, Rate, 3 * Rate, 320);
        for (int i = 0; i < 6; i += 2)
        {
            AssertOn(audio, Rate, i * 0.5, (i + 1) * 0.5, 480, 620);
            AssertOff(audio, Rate, (i + 1) * 0.5, (i + 2) * 0.5);
        }
    }

    [Fact]
    public void Uk_ringback_plays_its_double_ring()
    {
        const int Rate = 8000;
        short[] audio = Generate(TonePattern.UkRingback, Rate, 6 * Rate, 80);
        AssertOn(audio, Rate, 0.0, 0.4, 400, 450);
        AssertOff(audio, Rate, 0.4, 0.6);
        AssertOn(audio, Rate, 0.6, 1.0, 400, 450);
        AssertOff(audio, Rate, 1.0, 3.0);
        AssertOn(audio, Rate, 3.0, 3.4, 400, 450);
    }

    [Fact]
    public void Beep_plays_once_for_its_duration_then_silence()
    {
        const int Rate = 8000;
        var generator = new ToneGenerator(TonePattern.Beep(1000, TimeSpan.FromMilliseconds(250)), Rate);
        var audio = new short[Rate];
        generator.Read(audio.AsSpan(0, 1000));
        Assert.False(generator.IsFinished);
        generator.Read(audio.AsSpan(1000));
        Assert.True(generator.IsFinished);

        int last = Array.FindLastIndex(audio, s => s != 0);
        Assert.InRange(last, 1990, 1999);
        Assert.Equal(-12, TestSignals.RmsDbfs(audio.AsSpan(100, 1800)), 1);
        Assert.Equal(-12, Goertzel.Db(Goertzel.Amplitude(audio.AsSpan(100, 1800), 1000, Rate)), 1);
    }

    [Fact]
    public void Output_is_identical_whatever_the_frame_size()
    {
        const int Rate = 8000;
        short[] reference = Generate(TonePattern.UsRingback, Rate, 7 * Rate, 7 * Rate);
        Assert.Equal(reference, Generate(TonePattern.UsRingback, Rate, 7 * Rate, 160));
        Assert.Equal(reference, Generate(TonePattern.UsRingback, Rate, 7 * Rate, 13));
    }

    [Fact]
    public void Phase_is_continuous_across_frames_and_bursts()
    {
        // Within every on segment the samples equal one uninterrupted sinusoid (ramps excepted), so frame
        // edges and cadence restarts never jump in phase.
        const int Rate = 8000;
        var pattern = new TonePattern(1000, 0, -12, [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(50)], true);
        short[] audio = Generate(pattern, Rate, Rate, 33);
        double peak = 32767 * Math.Sqrt(2) * Math.Pow(10, -12 / 20.0);
        int checkedSamples = 0;
        for (int n = 0; n < audio.Length; n++)
        {
            int inCycle = n % 1200;
            if (inCycle is >= 20 and < 780)
            {
                double expected = Math.Round(peak * Math.Sin(2 * Math.PI * 1000 * n / Rate));
                Assert.True(Math.Abs(audio[n] - expected) <= 1, $"sample {n}: {audio[n]} vs {expected}");
                checkedSamples++;
            }
            else if (inCycle is >= 800)
            {
                Assert.Equal(0, audio[n]);
            }
        }

        Assert.True(checkedSamples > 5000);
    }

    [Fact]
    public void Reset_restarts_the_pattern()
    {
        var generator = new ToneGenerator(TonePattern.UsBusy, 8000);
        var first = new short[800];
        var second = new short[800];
        generator.Read(first);
        generator.Read(new short[123]);
        generator.Reset();
        Assert.Equal(0, generator.Position);
        generator.Read(second);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Invalid_patterns_and_rates_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TonePattern(0, 0, -10, [TimeSpan.FromSeconds(1)], true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TonePattern(440, -1, -10, [TimeSpan.FromSeconds(1)], true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TonePattern(440, 0, 3, [TimeSpan.FromSeconds(1)], true));
        Assert.Throws<ArgumentException>(() => new TonePattern(440, 0, -10, [], true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TonePattern(440, 0, -10, [TimeSpan.Zero], true));
        Assert.Throws<ArgumentOutOfRangeException>(() => TonePattern.Beep(1000, TimeSpan.FromMilliseconds(-5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ToneGenerator(TonePattern.Beep(5000, TimeSpan.FromSeconds(1)), 8000));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ToneGenerator(TonePattern.UsBusy, 1000));
    }

    private static short[] Generate(TonePattern pattern, int rate, int count, int frame)
    {
        var generator = new ToneGenerator(pattern, rate);
        var audio = new short[count];
        for (int offset = 0; offset < count; offset += frame)
        {
            generator.Read(audio.AsSpan(offset, Math.Min(frame, count - offset)));
        }

        return audio;
    }

    private static void AssertOn(short[] audio, int rate, double from, double to, double f1, double f2)
    {
        // Skip the ramps at the edges.
        int start = (int)(from * rate) + (rate / 100);
        int end = (int)(to * rate) - (rate / 100);
        ReadOnlySpan<short> part = audio.AsSpan(start, end - start);
        Assert.True(Goertzel.Db(Goertzel.Amplitude(part, f1, rate)) > -30, $"{f1} Hz missing in {from}..{to}s");
        Assert.True(Goertzel.Db(Goertzel.Amplitude(part, f2, rate)) > -30, $"{f2} Hz missing in {from}..{to}s");
    }

    private static void AssertOff(short[] audio, int rate, double from, double to)
    {
        int start = (int)(from * rate);
        int end = (int)(to * rate);
        for (int i = start; i < end; i++)
        {
            Assert.True(audio[i] == 0, $"sample at {(double)i / rate:F4}s should be silent");
        }
    }
}
