using Switchboard.Realtime.TurnTaking;

namespace Switchboard.Realtime.Tests.TurnTaking;

/// <summary>
/// A recognizer that ends its own utterance on a shorter silence than the endpointing (pocketsphinx) has its final ready
/// before the stream closes: the turn goes when the VAD's silence ends, with the final's text, never a partial's.
/// </summary>
public sealed class TurnDetectorEarlyFinalTests
{
    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void A_final_that_covers_the_speech_end_takes_the_turn_when_the_silence_ends_without_waiting_for_the_stream()
    {
        var turns = new TurnDetector(new TurnDetectorOptions());
        turns.SpeechStarted(1);
        turns.Partial(1, "i would like to but");
        turns.Final(1, "i would like to book a cleaning", heardUntil: Ms(1750)); // 150 ms into the silence
        Assert.Null(turns.Tick(Ms(1900))); // the VAD still counts its endpointing silence
        turns.SpeechEnded(Ms(2080), Ms(1600));
        var turn = turns.Tick(Ms(2080));
        Assert.NotNull(turn);
        Assert.Equal("i would like to book a cleaning", turn.Text);

        // The stream's end and anything it still says belong to the turn already taken.
        turns.Final(1, "late words");
        turns.UtteranceCompleted(1);
        Assert.Null(turns.Tick(Ms(2100)));
        Assert.False(turns.HasPendingInput);
    }

    [Fact]
    public void A_final_that_ends_before_the_speech_does_waits_for_the_rest()
    {
        var turns = new TurnDetector(new TurnDetectorOptions());
        turns.SpeechStarted(1);
        turns.Final(1, "tuesday", heardUntil: Ms(900)); // the recognizer split at a short pause the VAD bridged
        turns.SpeechEnded(Ms(1900), Ms(1400));
        Assert.Null(turns.Tick(Ms(1900)));
        turns.Final(1, "morning please", heardUntil: Ms(1550));
        Assert.Equal("tuesday morning please", turns.Tick(Ms(1920))!.Text);
    }

    [Fact]
    public void A_partial_after_a_covering_final_means_new_speech_so_the_turn_waits_for_its_final()
    {
        var turns = new TurnDetector(new TurnDetectorOptions());
        turns.SpeechStarted(1);
        turns.Final(1, "yes", heardUntil: Ms(700));
        turns.SpeechEnded(Ms(1100), Ms(600));
        turns.Partial(1, "and also"); // the recognizer heard more than the VAD did
        Assert.Null(turns.Tick(Ms(1100)));
        Assert.Null(turns.Tick(Ms(1500)));
        turns.Final(1, "and also cleaning");
        Assert.Null(turns.Tick(Ms(1520))); // no end time given: only the stream's end says the finals are in
        turns.UtteranceCompleted(1);
        Assert.Equal("yes and also cleaning", turns.Tick(Ms(1540))!.Text);
    }

    [Fact]
    public void Without_end_times_the_turn_still_waits_for_the_stream_and_then_times_out_to_the_partial()
    {
        var turns = new TurnDetector(new TurnDetectorOptions { FinalTranscriptTimeout = Ms(2000) });
        turns.SpeechStarted(1);
        turns.Final(1, "book");
        turns.Partial(1, "an appointment");
        turns.SpeechEnded(Ms(1000), Ms(700));
        Assert.Null(turns.Tick(Ms(1000)));
        Assert.Null(turns.Tick(Ms(2990)));
        Assert.Equal("book an appointment", turns.Tick(Ms(3000))!.Text);
    }

    [Fact]
    public void Every_open_utterance_must_be_covered_or_completed()
    {
        var turns = new TurnDetector(new TurnDetectorOptions());
        turns.SpeechStarted(1);
        turns.SpeechEnded(Ms(800), Ms(300));
        turns.SpeechStarted(2); // the caller went on before utterance 1's stream finished
        turns.Final(2, "please", heardUntil: Ms(1500));
        turns.SpeechEnded(Ms(1800), Ms(1300));
        Assert.Null(turns.Tick(Ms(1800))); // utterance 1 has neither a covering final nor an end
        turns.Final(1, "tomorrow", heardUntil: Ms(450));
        Assert.Equal("please tomorrow", turns.Tick(Ms(1820))!.Text);
    }
}
