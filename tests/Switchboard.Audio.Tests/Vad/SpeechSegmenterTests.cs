using Switchboard.Audio.Vad;

namespace Switchboard.Audio.Tests.Vad;

/// <summary>Decision rules on synthetic probability sequences: 8 kHz, 10 ms windows (80 samples).</summary>
public sealed class SpeechSegmenterTests
{
    private const int Rate = 8000;
    private const int Window = 80;

    private static readonly VadOptions Options = new()
    {
        PositiveThreshold = 0.5f,
        NegativeThreshold = 0.35f,
        MinSpeechDuration = TimeSpan.FromMilliseconds(100),
        MinSilenceDuration = TimeSpan.FromMilliseconds(200),
        SpeechPad = TimeSpan.FromMilliseconds(20),
    };

    [Fact]
    public void Start_and_end_are_sample_accurate_with_padding()
    {
        // 50 silent windows, 30 speech windows, then silence.
        List<VoiceActivityEvent> events = Feed(Options, (50, 0.1f), (30, 0.9f), (40, 0.1f));
        Assert.Equal(2, events.Count);

        VoiceActivityEvent start = events[0];
        Assert.Equal(VoiceActivityEventKind.SpeechStarted, start.Kind);
        Assert.Equal((50 * Window) - 160, start.StartSample);
        Assert.Null(start.EndSample);
        Assert.Equal((50 + 10) * Window, start.DetectedAtSample);

        VoiceActivityEvent end = events[1];
        Assert.Equal(VoiceActivityEventKind.SpeechEnded, end.Kind);
        Assert.Equal(start.StartSample, end.StartSample);
        Assert.Equal((80 * Window) + 160, end.EndSample);
        Assert.Equal((80 + 20) * Window, end.DetectedAtSample);
        Assert.Equal(TimeSpan.FromMilliseconds(480), start.Start);
        Assert.Equal(TimeSpan.FromMilliseconds(820), end.End);
    }

    [Fact]
    public void Speech_shorter_than_the_minimum_is_ignored()
    {
        Assert.Empty(Feed(Options, (20, 0.1f), (9, 0.95f), (50, 0.1f)));
        Assert.Equal(2, Feed(Options, (20, 0.1f), (10, 0.95f), (50, 0.1f)).Count);
    }

    [Fact]
    public void Pauses_shorter_than_the_minimum_silence_do_not_split_a_segment()
    {
        List<VoiceActivityEvent> events = Feed(Options, (10, 0f), (20, 0.9f), (19, 0.1f), (20, 0.9f), (30, 0.1f));
        Assert.Equal(2, events.Count);
        Assert.Equal((10 * Window) - 160, events[1].StartSample);
        Assert.Equal((69 * Window) + 160, events[1].EndSample);

        Assert.Equal(4, Feed(Options, (10, 0f), (20, 0.9f), (20, 0.1f), (20, 0.9f), (30, 0.1f)).Count);
    }

    [Fact]
    public void Hysteresis_keeps_speech_between_the_thresholds_but_never_starts_it()
    {
        // Between the thresholds: no start from silence...
        Assert.Empty(Feed(Options, (10, 0f), (100, 0.45f), (10, 0f)));

        // ...but an ongoing segment continues through it.
        List<VoiceActivityEvent> events = Feed(Options, (10, 0f), (15, 0.9f), (100, 0.45f), (30, 0f));
        Assert.Equal(2, events.Count);
        Assert.Equal((125 * Window) + 160, events[1].EndSample);
    }

    [Fact]
    public void Padding_never_overlaps_the_previous_segment_or_precedes_the_stream()
    {
        var options = new VadOptions
        {
            MinSpeechDuration = TimeSpan.FromMilliseconds(50),
            MinSilenceDuration = TimeSpan.FromMilliseconds(50),
            SpeechPad = TimeSpan.FromMilliseconds(100),
        };
        List<VoiceActivityEvent> events = Feed(options, (10, 0.9f), (6, 0f), (10, 0.9f), (10, 0f));
        Assert.Equal(4, events.Count);
        Assert.Equal(0, events[0].StartSample);
        Assert.Equal(events[1].EndSample, events[2].StartSample);
        Assert.True(events[3].EndSample <= 36 * Window);
    }

    [Fact]
    public void Flush_closes_an_open_segment_at_the_current_position()
    {
        var segmenter = new SpeechSegmenter(Options, Rate);
        long position = 0;
        for (int i = 0; i < 30; i++)
        {
            segmenter.AddWindow(position, Window, i < 5 ? 0f : 0.9f);
            position += Window;
        }

        Assert.True(segmenter.IsSpeaking);
        segmenter.Flush(position + 17);
        Assert.False(segmenter.IsSpeaking);
        Assert.True(segmenter.TryDequeue(out _));
        Assert.True(segmenter.TryDequeue(out VoiceActivityEvent end));
        Assert.Equal(position + 17, end.EndSample);
    }

    private static List<VoiceActivityEvent> Feed(VadOptions options, params (int Windows, float Probability)[] runs)
    {
        var segmenter = new SpeechSegmenter(options, Rate);
        long position = 0;
        foreach ((int windows, float probability) in runs)
        {
            for (int i = 0; i < windows; i++)
            {
                segmenter.AddWindow(position, Window, probability);
                position += Window;
            }
        }

        segmenter.Flush(position);
        var events = new List<VoiceActivityEvent>();
        while (segmenter.TryDequeue(out VoiceActivityEvent e))
        {
            events.Add(e);
        }

        return events;
    }
}
