using Switchboard.Audio.Tests.Vad;
using Switchboard.Audio.Tones;

namespace Switchboard.Audio.Tests.Tones;

public sealed class BeepDetectorTests
{
    private static readonly char[] DtmfKeys = "123A456B789C*0#D".ToCharArray();
    private static readonly double[] DtmfLow = [697, 770, 852, 941];
    private static readonly double[] DtmfHigh = [1209, 1336, 1477, 1633];

    [Theory]
    [InlineData(8000, 400)]
    [InlineData(8000, 440)]
    [InlineData(8000, 850)]
    [InlineData(8000, 1000)]
    [InlineData(8000, 1400)]
    [InlineData(8000, 1950)]
    [InlineData(16000, 425)]
    [InlineData(16000, 1000)]
    [InlineData(16000, 1800)]
    public void Reports_frequency_start_and_duration_of_a_beep(int rate, double frequency)
    {
        short[] audio = Build(rate, (1.0, null), (0.5, TonePattern.Beep(frequency, TimeSpan.FromMilliseconds(500))), (1.0, null));
        BeepEvent beep = Assert.Single(Detect(new BeepDetector(rate), audio, rate / 50));
        Assert.InRange(beep.FrequencyHz, frequency - 5, frequency + 5);
        AssertTime(1.0, beep.Start, 0.005);
        AssertTime(0.5, beep.Duration, 0.01);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(10)]
    public void Finds_a_beep_in_white_noise(double snrDb)
    {
        const int Rate = 8000;
        short[] audio = Build(Rate, (1.0, null), (0.3, TonePattern.Beep(1000, TimeSpan.FromMilliseconds(300), -15)), (1.0, null));
        TestSpeech.AddWhiteNoise(audio, -15 - snrDb, seed: 11);
        BeepEvent beep = Assert.Single(Detect(new BeepDetector(Rate), audio, 160));
        Assert.InRange(beep.FrequencyHz, 995, 1005);
        AssertTime(1.0, beep.Start, 0.02);
        AssertTime(0.3, beep.Duration, 0.03);
    }

    [Fact]
    public void Tones_shorter_than_the_minimum_are_not_beeps()
    {
        const int Rate = 8000;
        short[] audio = Build(Rate, (0.5, null), (0.06, TonePattern.Beep(1000, TimeSpan.FromMilliseconds(60))), (0.5, null), (0.13, TonePattern.Beep(800, TimeSpan.FromMilliseconds(130))), (0.5, null));
        BeepEvent beep = Assert.Single(Detect(new BeepDetector(Rate), audio, 80));
        Assert.InRange(beep.FrequencyHz, 795, 805);
        AssertTime(1.06, beep.Start, 0.005);
    }

    [Theory]
    [InlineData(250)]
    [InlineData(2600)]
    public void Tones_outside_the_frequency_range_are_ignored(double frequency)
    {
        const int Rate = 8000;
        short[] audio = Build(Rate, (0.5, null), (0.5, TonePattern.Beep(frequency, TimeSpan.FromMilliseconds(500))), (0.5, null));
        Assert.Empty(Detect(new BeepDetector(Rate), audio, 160));
    }

    [Fact]
    public void Events_do_not_depend_on_frame_size_and_a_beep_still_sounding_is_flushed()
    {
        const int Rate = 16000;
        short[] audio = Build(Rate, (0.7, null), (0.4, TonePattern.Beep(1200, TimeSpan.FromMilliseconds(400))), (0.3, null), (1.0, TonePattern.Beep(600, TimeSpan.FromSeconds(2))));
        List<BeepEvent> reference = Detect(new BeepDetector(Rate), audio, 320);
        Assert.Equal(2, reference.Count);
        Assert.Equal(reference, Detect(new BeepDetector(Rate), audio, 7));
        Assert.Equal(reference, Detect(new BeepDetector(Rate), audio, audio.Length));
        AssertTime(1.4, reference[1].Start, 0.005);
        Assert.Equal(audio.Length, reference[1].EndSample);
    }

    [Theory]
    [InlineData(8000)]
    [InlineData(16000)]
    public void Dtmf_digits_are_not_beeps(int sampleRate)
    {
        foreach (double twistDb in new[] { 0.0, 4.0, -4.0 })
        {
            var audio = new List<short>();
            foreach (char key in DtmfKeys)
            {
                int index = Array.IndexOf(DtmfKeys, key);
                audio.AddRange(Dtmf(DtmfLow[index / 4], DtmfHigh[index % 4], twistDb, sampleRate, 0.25));
                audio.AddRange(new short[sampleRate / 10]);
            }

            Assert.Empty(Detect(new BeepDetector(sampleRate), audio.ToArray(), 160));
        }
    }

    [Fact]
    public void Ringback_and_busy_dual_tones_are_not_beeps()
    {
        const int Rate = 8000;
        foreach (TonePattern pattern in new[] { TonePattern.UsRingback, TonePattern.UsBusy, TonePattern.UkRingback })
        {
            var generator = new ToneGenerator(pattern, Rate);
            var audio = new short[6 * Rate];
            generator.Read(audio);
            Assert.Empty(Detect(new BeepDetector(Rate), audio, 160));
        }
    }

    [RequiresToolsFact("flite", "espeak-ng", "sox")]
    public void Speech_from_flite_and_espeak_gives_no_beeps()
    {
        foreach (int rate in new[] { 8000, 16000 })
        {
            foreach (string sentence in TestSpeech.Sentences)
            {
                foreach (short[] speech in new[]
                {
                    TestSpeech.Flite(sentence, rate, "kal"),
                    TestSpeech.Flite(sentence, rate, "slt"),
                    TestSpeech.Flite(sentence, rate, "awb"),
                    TestSpeech.Flite(sentence, rate, "rms"),
                    TestSpeech.Espeak(sentence, rate, "en-us"),
                    TestSpeech.Espeak(sentence, rate, "en+f3"),
                })
                {
                    List<BeepEvent> beeps = Detect(new BeepDetector(rate), speech, rate / 50);
                    Assert.True(beeps.Count == 0, $"{rate} Hz, \"{sentence}\": false beep at {(beeps.Count > 0 ? beeps[0].ToString() : string.Empty)}");
                }
            }
        }
    }

    [RequiresToolsFact("flite", "sox")]
    public void Finds_the_beep_after_a_voicemail_greeting()
    {
        const int Rate = 8000;
        short[] greeting = TestSpeech.Trim(TestSpeech.Flite("Hi, you have reached Sam. Please leave a message after the tone.", Rate, "slt"));
        var audio = new List<short>(greeting);
        int beepStart = audio.Count + (Rate / 2);
        audio.AddRange(new short[Rate / 2]);
        var generator = new ToneGenerator(TonePattern.Beep(1000, TimeSpan.FromMilliseconds(400)), Rate);
        var tail = new short[Rate];
        generator.Read(tail);
        audio.AddRange(tail);

        BeepEvent beep = Assert.Single(Detect(new BeepDetector(Rate), audio.ToArray(), 160));
        Assert.InRange(beep.FrequencyHz, 995, 1005);
        Assert.InRange(beep.StartSample, beepStart - 40, beepStart + 40);
        AssertTime(0.4, beep.Duration, 0.01);
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BeepDetector(4000));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BeepDetector(8000, new BeepDetectorOptions { MaxFrequency = 4500 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BeepDetector(8000, new BeepDetectorOptions { MinFrequency = 2500 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BeepDetector(8000, new BeepDetectorOptions { MinDuration = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BeepDetector(8000, new BeepDetectorOptions { MinPurity = 1.5 }));
    }

    [Fact]
    public void Analysis_does_not_allocate_after_construction()
    {
        const int Rate = 8000;
        short[] audio = Build(Rate, (0.2, null), (0.5, TonePattern.Beep(1000, TimeSpan.FromMilliseconds(500))), (0.5, null));
        var detector = new BeepDetector(Rate);
        detector.Process(new short[Rate / 10]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int offset = 0; offset + 160 <= audio.Length; offset += 160)
        {
            detector.Process(audio.AsSpan(offset, 160));
        }

        Assert.True(detector.TryReadEvent(out _));
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static List<BeepEvent> Detect(BeepDetector detector, short[] audio, int frame)
    {
        var beeps = new List<BeepEvent>();
        for (int offset = 0; offset < audio.Length; offset += frame)
        {
            detector.Process(audio.AsSpan(offset, Math.Min(frame, audio.Length - offset)));
            while (detector.TryReadEvent(out BeepEvent beep))
            {
                beeps.Add(beep);
            }
        }

        detector.Flush();
        while (detector.TryReadEvent(out BeepEvent beep))
        {
            beeps.Add(beep);
        }

        return beeps;
    }

    private static short[] Build(int rate, params (double Seconds, TonePattern? Pattern)[] parts)
    {
        var audio = new List<short>();
        foreach ((double seconds, TonePattern? pattern) in parts)
        {
            var part = new short[(int)Math.Round(seconds * rate)];
            if (pattern is not null)
            {
                new ToneGenerator(pattern, rate).Read(part);
            }

            audio.AddRange(part);
        }

        return audio.ToArray();
    }

    private static short[] Dtmf(double low, double high, double twistDb, int rate, double seconds)
    {
        var result = new short[(int)(seconds * rate)];
        double lowAmp = 0.25 * 32767;
        double highAmp = lowAmp * Math.Pow(10, twistDb / 20);
        for (int n = 0; n < result.Length; n++)
        {
            result[n] = (short)Math.Round((lowAmp * Math.Sin(2 * Math.PI * low * n / rate)) + (highAmp * Math.Sin(2 * Math.PI * high * n / rate)));
        }

        return result;
    }

    private static void AssertTime(double expectedSeconds, TimeSpan actual, double toleranceSeconds)
    {
        Assert.True(Math.Abs(actual.TotalSeconds - expectedSeconds) <= toleranceSeconds, $"expected {expectedSeconds:F4}s ± {toleranceSeconds}s, got {actual.TotalSeconds:F4}s");
    }
}
