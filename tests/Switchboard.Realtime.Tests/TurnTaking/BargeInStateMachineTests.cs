using Switchboard.Realtime.TurnTaking;

namespace Switchboard.Realtime.Tests.TurnTaking;

public sealed class BargeInStateMachineTests
{
    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);

    private static BargeInStateMachine Speaking(BargeInOptions? options = null)
    {
        var machine = new BargeInStateMachine(options ?? new BargeInOptions { Threshold = Ms(300), ResumeWindow = Ms(1000) });
        machine.AgentStartedSpeaking();
        return machine;
    }

    [Fact]
    public void Overlapping_speech_pauses_after_the_threshold_and_real_words_interrupt()
    {
        var m = Speaking();
        m.UserSpeechStarted(Ms(1000));
        Assert.Equal(BargeInAction.None, m.Tick(Ms(1200)));
        Assert.Equal(BargeInAction.PausePlayout, m.Tick(Ms(1300)));
        Assert.True(m.IsPaused);
        Assert.Equal(BargeInAction.None, m.Transcript("actually I", isFinal: false));
        Assert.Equal(BargeInAction.Interrupt, m.Transcript("actually I need", isFinal: false)); // 3 real words
        Assert.Equal(BargeInAction.None, m.Tick(Ms(5000)));
    }

    [Fact]
    public void Short_overlaps_do_nothing()
    {
        var m = Speaking();
        m.UserSpeechStarted(Ms(0));
        Assert.Equal(BargeInAction.None, m.Tick(Ms(200)));
        m.UserSpeechEnded(Ms(250));
        Assert.Equal(BargeInAction.None, m.Tick(Ms(10_000)));
        Assert.False(m.IsPaused);
    }

    [Theory]
    [InlineData("uh-huh")]
    [InlineData("Okay.")]
    [InlineData("yeah yeah")]
    [InlineData("Mm-hmm, right")]
    public void Backchannels_resume_playout(string words)
    {
        var m = Speaking();
        m.UserSpeechStarted(Ms(0));
        Assert.Equal(BargeInAction.PausePlayout, m.Tick(Ms(300)));
        Assert.Equal(BargeInAction.ResumePlayout, m.Transcript(words, isFinal: true));
        Assert.False(m.IsPaused);
    }

    [Fact]
    public void Noise_without_words_resumes_after_the_window()
    {
        var m = Speaking();
        m.UserSpeechStarted(Ms(0));
        Assert.Equal(BargeInAction.PausePlayout, m.Tick(Ms(300)));
        Assert.Equal(BargeInAction.None, m.Tick(Ms(1299)));
        Assert.Equal(BargeInAction.ResumePlayout, m.Tick(Ms(1300)));
    }

    [Fact]
    public void A_final_with_one_real_word_interrupts()
    {
        var m = Speaking();
        m.UserSpeechStarted(Ms(0));
        m.Tick(Ms(400));
        Assert.Equal(BargeInAction.Interrupt, m.Transcript("Tuesday", isFinal: true));
    }

    [Fact]
    public void Interrupt_phrases_interrupt_even_an_uninterruptible_agent()
    {
        var m = Speaking(BargeInOptions.FromSensitivity(0));
        m.UserSpeechStarted(Ms(0));
        Assert.Equal(BargeInAction.None, m.Tick(Ms(60_000)));                  // never pauses
        Assert.Equal(BargeInAction.None, m.Transcript("I want to book", isFinal: true));
        Assert.Equal(BargeInAction.Interrupt, m.Transcript("operator please", isFinal: false));
    }

    [Fact]
    public void Dtmf_interrupts_when_allowed()
    {
        Assert.Equal(BargeInAction.Interrupt, Speaking().Dtmf('5'));
        Assert.Equal(BargeInAction.None, Speaking(new BargeInOptions { DtmfInterrupts = false }).Dtmf('5'));
        var idle = new BargeInStateMachine(new BargeInOptions());
        Assert.Equal(BargeInAction.None, idle.Dtmf('5'));
    }

    [Fact]
    public void Nothing_happens_while_the_agent_is_silent()
    {
        var m = new BargeInStateMachine(new BargeInOptions());
        m.UserSpeechStarted(Ms(0));
        Assert.Equal(BargeInAction.None, m.Tick(Ms(5000)));
        Assert.Equal(BargeInAction.None, m.Transcript("hello there how are you", isFinal: true));
    }

    [Theory]
    [InlineData(1.0, 150)]
    [InlineData(0.5, 825)]
    [InlineData(0.01, 1486)]
    public void Sensitivity_maps_to_a_threshold(double sensitivity, int expectedMs)
    {
        var threshold = BargeInOptions.FromSensitivity(sensitivity).Threshold!.Value;
        Assert.InRange(threshold.TotalMilliseconds, expectedMs - 1, expectedMs + 1);
        Assert.Null(BargeInOptions.FromSensitivity(0).Threshold);
        Assert.Throws<ArgumentOutOfRangeException>(() => BargeInOptions.FromSensitivity(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => BargeInOptions.FromSensitivity(double.NaN));
    }
}
