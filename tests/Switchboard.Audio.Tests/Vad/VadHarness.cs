using Switchboard.Audio.Vad;

namespace Switchboard.Audio.Tests.Vad;

/// <summary>Builds signals with known speech positions and runs detectors over them.</summary>
internal static class VadHarness
{
    private static readonly Lazy<SileroVadModel> SharedModel = new(SileroVadModel.LoadEmbedded);

    /// <summary>One model for the whole test run, as in production (the model is thread-safe).</summary>
    public static SileroVadModel Model => SharedModel.Value;

    /// <summary>Concatenates lead silence, each utterance followed by a gap, and returns where each utterance lies.</summary>
    public static (short[] Signal, List<(long Start, long End)> Expected) Compose(int sampleRate, double leadSeconds, double gapSeconds, params short[][] utterances)
    {
        var signal = new List<short>();
        var expected = new List<(long, long)>();
        signal.AddRange(new short[(int)(leadSeconds * sampleRate)]);
        foreach (short[] utterance in utterances)
        {
            short[] trimmed = TestSpeech.Trim(utterance);
            expected.Add((signal.Count, signal.Count + trimmed.Length));
            signal.AddRange(trimmed);
            signal.AddRange(new short[(int)(gapSeconds * sampleRate)]);
        }

        return (signal.ToArray(), expected);
    }

    /// <summary>Feeds the signal in frames of <paramref name="frame"/> samples, flushes, and returns all events.</summary>
    public static List<VoiceActivityEvent> Run(IVoiceActivityDetector detector, ReadOnlySpan<short> signal, int frame)
    {
        var events = new List<VoiceActivityEvent>();
        for (int offset = 0; offset < signal.Length; offset += frame)
        {
            detector.Process(signal.Slice(offset, Math.Min(frame, signal.Length - offset)));
            Drain(detector, events);
        }

        detector.Flush();
        Drain(detector, events);
        return events;
    }

    public static List<(long Start, long End)> Segments(List<VoiceActivityEvent> events)
    {
        var segments = new List<(long, long)>();
        bool open = false;
        foreach (VoiceActivityEvent e in events)
        {
            if (e.Kind == VoiceActivityEventKind.SpeechStarted)
            {
                Assert.False(open, "two starts without an end");
                open = true;
            }
            else
            {
                Assert.True(open, "end without a start");
                open = false;
                segments.Add((e.StartSample, e.EndSample!.Value));
            }
        }

        Assert.False(open, "segment still open after Flush");
        return segments;
    }

    /// <summary>Asserts one detected segment per expected utterance, each boundary within tolerance.</summary>
    public static void AssertSegments(List<(long Start, long End)> expected, List<(long Start, long End)> actual, int sampleRate, double startToleranceSeconds, double endToleranceSeconds)
    {
        string describe = string.Join(", ", actual.ConvertAll(s => $"[{(double)s.Start / sampleRate:F3}s..{(double)s.End / sampleRate:F3}s]"));
        string want = string.Join(", ", expected.ConvertAll(s => $"[{(double)s.Start / sampleRate:F3}s..{(double)s.End / sampleRate:F3}s]"));
        Assert.True(expected.Count == actual.Count, $"expected {want}, detected {describe}");
        for (int i = 0; i < expected.Count; i++)
        {
            double startError = (double)(actual[i].Start - expected[i].Start) / sampleRate;
            double endError = (double)(actual[i].End - expected[i].End) / sampleRate;
            Assert.True(Math.Abs(startError) <= startToleranceSeconds, $"segment {i}: start off by {startError:F3}s; expected {want}, detected {describe}");
            Assert.True(Math.Abs(endError) <= endToleranceSeconds, $"segment {i}: end off by {endError:F3}s; expected {want}, detected {describe}");
        }
    }

    private static void Drain(IVoiceActivityDetector detector, List<VoiceActivityEvent> events)
    {
        while (detector.TryReadEvent(out VoiceActivityEvent e))
        {
            events.Add(e);
        }
    }
}
