using Switchboard.Audio.Dtmf;

namespace Switchboard.Audio.Tests.Dtmf;

public sealed class DtmfDetectorTests
{
    [Theory]
    [InlineData(8000)]
    [InlineData(16000)]
    public void Reports_start_and_duration_of_each_digit(int sampleRate)
    {
        short[] signal = new DtmfTestSignals(sampleRate)
            .Silence(100).Digit('1', 100, -10, -10)
            .Silence(60).Digit('#', 250, -10, -10)
            .Silence(80).Digit('D', 40, -20, -20)
            .Silence(100).ToArray();

        List<DtmfDigitEvent> events = DtmfTestSignals.Detect(signal, sampleRate);

        Assert.Equal("1#D", DtmfTestSignals.Digits(events));
        AssertTiming(events[0], 100, 100, sampleRate);
        AssertTiming(events[1], 260, 250, sampleRate);
        AssertTiming(events[2], 590, 40, sampleRate);
    }

    [Fact]
    public void Gives_the_same_digits_and_times_for_any_chunking()
    {
        var random = new Random(11);
        short[] signal = new DtmfTestSignals(8000)
            .Silence(37).Digit('5', 70, -12, -8).Silence(45).Digit('5', 55, -12, -8).Silence(41).Digit('0', 90, -3, -3).Silence(50)
            .WithNoise(DtmfTestSignals.DualToneMeanSquare(-12, -8), 20, random);

        List<DtmfDigitEvent> whole = DtmfTestSignals.Detect(signal, 8000);
        Assert.Equal("550", DtmfTestSignals.Digits(whole));
        for (int seed = 0; seed < 20; seed++)
        {
            Assert.Equal(whole, DtmfTestSignals.Detect(signal, 8000, new Random(seed)));
        }

        // One sample at a time, too.
        var detector = new DtmfDetector(8000);
        var single = new List<DtmfDigitEvent>();
        foreach (short s in signal)
        {
            detector.Process([s]);
            while (detector.TryReadEvent(out DtmfDigitEvent e))
            {
                single.Add(e);
            }
        }

        Assert.Equal(whole, single);
    }

    [Fact]
    public void Shows_the_held_digit_before_it_is_released_and_flushes_it_at_end_of_stream()
    {
        var detector = new DtmfDetector(8000);
        short[] tone = new DtmfTestSignals(8000).Silence(20).Digit('7', 80, -10, -10).ToArray();
        detector.Process(tone);
        Assert.Equal('7', detector.ActiveDigit);
        Assert.Equal(0, detector.PendingEvents);

        detector.Flush();
        Assert.Null(detector.ActiveDigit);
        Assert.True(detector.TryReadEvent(out DtmfDigitEvent e));
        Assert.Equal('7', e.Digit);
        Assert.Equal(tone.Length, detector.SamplesProcessed);

        detector.Reset();
        Assert.Equal(0, detector.SamplesProcessed);
        Assert.False(detector.TryReadEvent(out _));
    }

    [Fact]
    public void Digits_back_to_back_without_a_pause_are_both_reported()
    {
        short[] signal = new DtmfTestSignals(8000).Silence(30).Digit('1', 80, -10, -10).Digit('9', 80, -10, -10).Silence(60).ToArray();
        Assert.Equal("19", DtmfTestSignals.Digits(DtmfTestSignals.Detect(signal, 8000)));
    }

    [Fact]
    public void Does_not_allocate_while_processing()
    {
        var detector = new DtmfDetector(8000);
        short[] signal = new DtmfTestSignals(8000).Silence(50).Digit('3', 100, -10, -10).Silence(50).ToArray();
        detector.Process(signal);
        while (detector.TryReadEvent(out _))
        {
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
        {
            for (int offset = 0; offset < signal.Length; offset += 160)
            {
                detector.Process(signal.AsSpan(offset, Math.Min(160, signal.Length - offset)));
            }

            while (detector.TryReadEvent(out _))
            {
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11025)]
    [InlineData(44100)]
    [InlineData(-8000)]
    public void Rejects_unsupported_sample_rates(int sampleRate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DtmfDetector(sampleRate));
    }

    [Fact]
    public void Explains_why_a_block_was_not_a_digit()
    {
        var detector = new DtmfDetector(8000);
        detector.Process(new DtmfTestSignals(8000).Tones(697, 1209, 30, -10, -10).ToArray());
        Assert.Equal(BlockVerdict.Digit, detector.LastVerdict);
        detector.Process(new DtmfTestSignals(8000).Tones(697, 1209, 30, -10, 3).ToArray());
        Assert.Equal(BlockVerdict.Twist, detector.LastVerdict);
        detector.Process(new short[80]);
        Assert.Equal(BlockVerdict.Energy, detector.LastVerdict);
    }

    private static void AssertTiming(DtmfDigitEvent e, double startMs, double durationMs, int sampleRate)
    {
        // Block granularity is 10 ms; start may be one block early (a partly filled block can count).
        Assert.InRange(e.Start.TotalMilliseconds, startMs - 10, startMs + 10);
        Assert.InRange(e.Duration.TotalMilliseconds, durationMs - 20, durationMs + 10);
        Assert.Equal(e.StartSample, (long)Math.Round(e.Start.TotalSeconds * sampleRate));
    }
}
