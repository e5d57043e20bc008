using Switchboard.Realtime.Playout;

namespace Switchboard.Realtime.Tests.Playout;

public sealed class PlayoutTrackerTests
{
    [Fact]
    public void Heard_text_follows_the_played_position_word_by_word()
    {
        var tracker = new PlayoutTracker();
        tracker.Queued("Hello there.", 12_000);           // 12 characters → 1,000 samples per character
        tracker.Queued("How can I help you today?", 25_000);
        Assert.Equal("", tracker.HeardText());

        tracker.Played(3_000);                             // "Hello" midpoint at 2.5 chars → heard
        Assert.Equal("Hello", tracker.HeardText());
        tracker.Played(9_000);                             // end of the first chunk
        Assert.Equal("Hello there.", tracker.HeardText());
        tracker.Played(8_000);                             // 8 characters into the second: "How" (1.5) and "can" (5.5)
        Assert.Equal("Hello there. How can", tracker.HeardText());
        Assert.False(tracker.IsDrained);
        tracker.Played(100_000);
        Assert.Equal("Hello there. How can I help you today?", tracker.HeardText());
        Assert.True(tracker.IsDrained);
        Assert.Equal(37_000, tracker.PlayedSamples);
    }

    [Fact]
    public void Audio_the_far_end_never_played_is_taken_back_from_what_was_heard()
    {
        var tracker = new PlayoutTracker();
        tracker.Queued("Hello there. How can I help?", 28_000);
        tracker.Played(20_000);                            // handed to a transport that buffers ahead
        Assert.Equal("Hello there. How can", tracker.HeardText());
        tracker.Unplayed(8_000);                           // its marks say the last 8,000 samples never played
        Assert.Equal("Hello there.", tracker.HeardText());
        tracker.Unplayed(50_000);
        Assert.Equal(0, tracker.PlayedSamples);
        Assert.Throws<ArgumentOutOfRangeException>(() => tracker.Unplayed(-1));
    }

    [Fact]
    public void A_word_half_heard_is_not_kept()
    {
        var tracker = new PlayoutTracker();
        tracker.Queued("Appointment confirmed", 21_000);
        tracker.Played(5_000);                             // midpoint of "Appointment" is at 5.5 characters
        Assert.Equal("", tracker.HeardText());
        tracker.Played(1_000);
        Assert.Equal("Appointment", tracker.HeardText());
    }

    [Fact]
    public void Reset_starts_a_new_turn()
    {
        var tracker = new PlayoutTracker();
        tracker.Queued("One.", 100);
        tracker.Played(100);
        tracker.Reset();
        Assert.Equal("", tracker.HeardText());
        Assert.Equal(0, tracker.QueuedSamples);
        Assert.True(tracker.IsDrained);
    }

    [Fact]
    public void Bad_input_is_refused()
    {
        var tracker = new PlayoutTracker();
        Assert.Throws<ArgumentOutOfRangeException>(() => tracker.Queued("x", -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => tracker.Played(-1));
        Assert.Throws<ArgumentNullException>(() => tracker.Queued(null!, 1));
    }
}
