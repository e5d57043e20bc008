using Switchboard.Realtime.TurnTaking;

namespace Switchboard.Realtime.Tests.TurnTaking;

public sealed class TurnDetectorTests
{
    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Speech_turn_completes_only_when_the_vad_ended_and_the_final_is_in()
    {
        var turns = new TurnDetector(new TurnDetectorOptions());
        turns.SpeechStarted(1);
        turns.Partial(1, "i want");
        Assert.Null(turns.Tick(Ms(500)));
        turns.SpeechEnded(Ms(900), Ms(600));
        Assert.Null(turns.Tick(Ms(920))); // final not in yet
        turns.Final(1, "i want a cleaning");
        Assert.Null(turns.Tick(Ms(940))); // stream still open
        turns.UtteranceCompleted(1);
        var turn = turns.Tick(Ms(960));
        Assert.NotNull(turn);
        Assert.Equal("i want a cleaning", turn.Text);
        Assert.Equal("", turn.Digits);
        Assert.Equal(Ms(600), turns.LastSpeechEnd);
        Assert.Null(turns.Tick(Ms(980)));
    }

    [Fact]
    public void Two_utterances_before_the_turn_ends_are_joined()
    {
        var turns = new TurnDetector(new TurnDetectorOptions());
        turns.SpeechStarted(1);
        turns.SpeechEnded(Ms(500), Ms(200));
        turns.SpeechStarted(2); // the caller went on before the first final arrived
        turns.Final(1, "tuesday");
        turns.UtteranceCompleted(1);
        Assert.Null(turns.Tick(Ms(600)));
        turns.SpeechEnded(Ms(1200), Ms(900));
        turns.Final(2, "morning please");
        turns.UtteranceCompleted(2);
        Assert.Equal("tuesday morning please", turns.Tick(Ms(1220))!.Text);
    }

    [Fact]
    public void A_missing_final_times_out_to_the_latest_partial_and_a_late_final_is_ignored()
    {
        var turns = new TurnDetector(new TurnDetectorOptions { FinalTranscriptTimeout = Ms(2000) });
        turns.SpeechStarted(1);
        turns.Partial(1, "book an appointment");
        turns.SpeechEnded(Ms(1000), Ms(700));
        Assert.Null(turns.Tick(Ms(2990)));
        Assert.Equal("book an appointment", turns.Tick(Ms(3000))!.Text);
        turns.Final(1, "book an appointment today");
        Assert.Null(turns.Tick(Ms(6000)));
    }

    [Fact]
    public void A_recognizer_that_has_said_nothing_yet_gets_longer_than_the_final_timeout()
    {
        var turns = new TurnDetector(new TurnDetectorOptions { FinalTranscriptTimeout = Ms(2000), SilentRecognizerTimeout = Ms(10_000) });
        turns.SpeechStarted(1);
        turns.SpeechEnded(Ms(1000), Ms(700));
        Assert.Null(turns.Tick(Ms(3000)));
        Assert.Null(turns.Tick(Ms(8000)));
        Assert.True(turns.HasPendingInput);
        turns.Final(1, "a cleaning");
        turns.UtteranceCompleted(1);
        Assert.Equal("a cleaning", turns.Tick(Ms(8020))!.Text);
        Assert.Equal(0, turns.AbandonedUtterances);
    }

    [Fact]
    public void A_recognizer_silent_past_its_longer_wait_loses_the_utterance_and_says_so()
    {
        var turns = new TurnDetector(new TurnDetectorOptions { FinalTranscriptTimeout = Ms(2000), SilentRecognizerTimeout = Ms(10_000) });
        turns.SpeechStarted(1);
        turns.SpeechEnded(Ms(1000), Ms(700));
        Assert.Null(turns.Tick(Ms(10_990)));
        Assert.Equal(0, turns.AbandonedUtterances);
        Assert.Null(turns.Tick(Ms(11_000)));
        Assert.Equal(1, turns.AbandonedUtterances);
        Assert.False(turns.HasPendingInput);
        turns.Final(1, "too late");
        Assert.Null(turns.Tick(Ms(12_000)));
    }

    [Fact]
    public void Noise_without_words_is_not_a_turn()
    {
        var turns = new TurnDetector(new TurnDetectorOptions());
        turns.SpeechStarted(1);
        turns.SpeechEnded(Ms(400), Ms(100));
        turns.Final(1, "  ");
        turns.UtteranceCompleted(1);
        Assert.Null(turns.Tick(Ms(420)));
        Assert.False(turns.HasPendingInput);
    }

    [Fact]
    public void Digits_end_at_the_finish_key_or_after_the_inter_digit_timeout()
    {
        var turns = new TurnDetector(new TurnDetectorOptions { DigitTimeout = Ms(1500), FinishOnKey = '#' });
        turns.Digit('1', Ms(100));
        turns.Digit('2', Ms(400));
        Assert.Null(turns.Tick(Ms(1899)));
        Assert.Equal("12", turns.Tick(Ms(1900))!.Digits);

        turns.Digit('4', Ms(3000));
        turns.Digit('#', Ms(3100));
        var turn = turns.Tick(Ms(3120));
        Assert.Equal("4", turn!.Digits);
        Assert.Equal("", turn.Text);
    }

    [Fact]
    public void Speech_and_digits_of_one_turn_arrive_together()
    {
        var turns = new TurnDetector(new TurnDetectorOptions { DigitTimeout = Ms(1000) });
        turns.SpeechStarted(1);
        turns.Digit('3', Ms(200));
        turns.SpeechEnded(Ms(800), Ms(500));
        turns.Final(1, "option");
        turns.UtteranceCompleted(1);
        Assert.Null(turns.Tick(Ms(900)));
        var turn = turns.Tick(Ms(1200));
        Assert.Equal(("option", "3"), (turn!.Text, turn.Digits));
    }

    [Fact]
    public void An_expected_digit_count_ends_the_turn_without_waiting_for_the_timeout()
    {
        var turns = new TurnDetector(new TurnDetectorOptions { DigitTimeout = Ms(1500) });
        turns.ExpectDigits(maxDigits: 1, finishOnKey: null);
        turns.Digit('3', Ms(100));
        Assert.Equal("3", turns.Tick(Ms(120))!.Digits);

        turns.ExpectDigits(maxDigits: 4, finishOnKey: '*');
        turns.Digit('1', Ms(200));
        turns.Digit('2', Ms(300));
        Assert.Null(turns.Tick(Ms(320)));
        turns.Digit('*', Ms(400));
        Assert.Equal("12", turns.Tick(Ms(420))!.Digits);

        turns.ExpectDigits(null, null);
        turns.Digit('9', Ms(500));
        Assert.Null(turns.Tick(Ms(1999)));
        Assert.Equal("9", turns.Tick(Ms(2000))!.Digits);
        Assert.Throws<ArgumentOutOfRangeException>(() => turns.ExpectDigits(0, null));
    }

    [Theory]
    [InlineData(1.0, 300)]
    [InlineData(0.0, 1200)]
    [InlineData(0.5, 750)]
    public void Responsiveness_maps_to_endpointing_silence(double responsiveness, int expectedMs) =>
        Assert.Equal(Ms(expectedMs), TurnDetectorOptions.EndpointingSilence(responsiveness));

    [Fact]
    public void Responsiveness_out_of_range_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TurnDetectorOptions.EndpointingSilence(1.5));
}
