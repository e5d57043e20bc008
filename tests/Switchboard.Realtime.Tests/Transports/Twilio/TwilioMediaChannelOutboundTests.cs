using Microsoft.Extensions.Time.Testing;
using Switchboard.Audio.Dtmf;
using Switchboard.Audio.Frames;
using Switchboard.Audio.G711;
using Switchboard.Realtime.Transports;
using Switchboard.Realtime.Transports.Twilio;

namespace Switchboard.Realtime.Tests.Transports.Twilio;

public sealed class TwilioMediaChannelOutboundTests
{
    [Fact]
    public async Task Agent_frames_go_out_as_160_byte_mu_law_media_followed_by_marks_that_count_frames()
    {
        var time = new FakeTimeProvider();
        await using var link = await MediaStreamLink.OpenAsync(new TwilioMediaChannelOptions { Time = time, MarkEveryFrames = 5 });
        var samples = TwilioMediaChannelInboundTests.Ramp(160 * 12);
        for (var i = 0; i < 12; i++)
        {
            await link.Channel.SendAudioAsync(AudioFrame.Copy(samples.AsSpan(i * 160, 160), 8000, 0, time.GetUtcNow()), link.Token);
        }
        Assert.True(await link.Peer.WaitUntilAsync(() => link.Peer.Count("media") == 12 && link.Peer.Count("mark") == 2));
        // The tail (frames 11 and 12) is marked once the agent has been quiet for two frame periods.
        for (var i = 0; i < 50 && !await link.Peer.WaitUntilAsync(() => link.Channel.FramesPlayed == 12, TimeSpan.FromMilliseconds(20)); i++)
            time.Advance(TimeSpan.FromMilliseconds(20));

        var messages = link.Peer.Received;
        var media = messages.Where(m => m.Event == "media").ToList();
        for (var i = 0; i < media.Count; i++)
        {
            Assert.Equal(link.Peer.StreamId, media[i].StreamId);
            Assert.Equal(160, media[i].Payload!.Length);
            var expected = new byte[160];
            MuLaw.Encode(samples.AsSpan(i * 160, 160), expected);
            Assert.Equal(expected, media[i].Payload);
        }
        var marks = messages.Where(m => m.Event == "mark").Select(m => long.Parse(m.MarkName!)).ToList();
        Assert.Equal([5, 10], marks.Take(2));
        Assert.Equal(12, marks[^1]);
        Assert.Equal(marks.Order().Distinct(), marks);
        Assert.Equal("media", messages[4].Event);
        Assert.Equal("mark", messages[5].Event); // the mark follows the fifth frame, not later
        Assert.True(await link.Peer.WaitUntilAsync(() => link.Channel.FramesPlayed == 12));
        Assert.Equal(12, link.Channel.FramesSent);
    }

    [Fact]
    public async Task Marks_report_only_what_the_vendor_has_played_and_clear_accounts_for_the_dropped_rest()
    {
        var time = new FakeTimeProvider();
        await using var link = await MediaStreamLink.OpenAsync(new TwilioMediaChannelOptions { Time = time, MarkEveryFrames = 5 });
        link.Peer.InstantPlayout = false;
        for (var i = 0; i < 20; i++) await link.Channel.SendAudioAsync(Silence(time), link.Token);
        Assert.True(await link.Peer.WaitUntilAsync(() => link.Peer.Count("mark") == 4));

        await link.Peer.PlayFrames(7);
        Assert.True(await link.Peer.WaitUntilAsync(() => link.Channel.FramesPlayed == 5));
        Assert.Equal(20, link.Channel.FramesSent);

        // Barge-in: the session reads the counters, then clears; the caller heard 5 (to the last mark) of 20 frames.
        link.Channel.ClearAudio();
        for (var i = 0; i < 3; i++) await link.Channel.SendAudioAsync(Silence(time), link.Token);
        Assert.True(await link.Peer.WaitUntilAsync(() => link.Peer.Count("clear") == 1 && link.Peer.Count("media") == 23));
        Assert.True(await link.Peer.WaitUntilAsync(() => link.Channel.FramesPlayed == 20));

        var events = link.Peer.Received.Select(m => m.Event + (m.MarkName is null ? "" : ":" + m.MarkName)).ToList();
        var clear = events.IndexOf("clear");
        Assert.Equal("mark:20", events[clear + 1]);
        Assert.Equal(Enumerable.Repeat("media", 3), events.Skip(clear + 2).Take(3));
        Assert.Equal(["10", "15", "20", "20"], link.Peer.EchoedMarks.Skip(1));
    }

    [Fact]
    public async Task Sent_digits_are_in_band_dtmf_tones_that_a_detector_hears()
    {
        var time = new FakeTimeProvider();
        await using var link = await MediaStreamLink.OpenAsync(new TwilioMediaChannelOptions { Time = time });
        await link.Channel.SendDigitsAsync("1#9", link.Token);
        Assert.True(await link.Peer.WaitUntilAsync(() => link.Peer.Count("media") == 30)); // 3 × (100 ms tone + 100 ms pause)

        var detector = new DtmfDetector(8000);
        var pcm = new short[160];
        foreach (var media in link.Peer.Received.Where(m => m.Event == "media"))
        {
            Assert.Equal(160, media.Payload!.Length);
            MuLaw.Decode(media.Payload, pcm);
            detector.Process(pcm);
        }
        detector.Flush();
        var digits = "";
        while (detector.TryReadEvent(out var digit)) digits += digit.Digit;
        Assert.Equal("1#9", digits);
        Assert.Equal(30, link.Channel.FramesSent);
        await Assert.ThrowsAsync<ArgumentException>(() => link.Channel.SendDigitsAsync("12x", link.Token).AsTask());
    }

    [Fact]
    public async Task Hang_up_lets_queued_audio_play_to_its_last_mark_then_closes_the_socket()
    {
        var time = new FakeTimeProvider();
        await using var link = await MediaStreamLink.OpenAsync(new TwilioMediaChannelOptions { Time = time, MarkEveryFrames = 5 });
        link.Peer.InstantPlayout = false;
        for (var i = 0; i < 8; i++) await link.Channel.SendAudioAsync(Silence(time), link.Token);

        var hangUp = link.Channel.HangUpAsync("agent_hangup", link.Token).AsTask();
        Assert.True(await link.Peer.WaitUntilAsync(() => link.Peer.Count("mark") == 2));
        Assert.False(hangUp.IsCompleted);
        Assert.False(link.Peer.CloseReceived);

        await link.Peer.PlayFrames(8);
        await hangUp.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await link.Peer.WaitUntilAsync(() => link.Peer.CloseReceived));
        Assert.Equal(8, link.Channel.FramesPlayed);
        var end = await link.ReadAsync();
        Assert.Equal(MediaInputKind.HangUp, end.Kind);
    }

    [Fact]
    public async Task Hang_up_does_not_wait_forever_for_a_vendor_that_never_confirms()
    {
        var time = new FakeTimeProvider();
        await using var link = await MediaStreamLink.OpenAsync(new TwilioMediaChannelOptions { Time = time, HangUpGrace = TimeSpan.FromSeconds(1) });
        link.Peer.InstantPlayout = false;
        for (var i = 0; i < 5; i++) await link.Channel.SendAudioAsync(Silence(time), link.Token);
        var hangUp = link.Channel.HangUpAsync("agent_hangup", link.Token).AsTask();
        Assert.True(await link.Peer.WaitUntilAsync(() => link.Peer.Count("mark") == 1));
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.False(await link.Peer.WaitUntilAsync(() => hangUp.IsCompleted, TimeSpan.FromMilliseconds(200)));
        // The wait (5 frames = 100 ms, + 1 s grace) starts once the tail mark is out: advance until it gives up.
        var advanced = TimeSpan.FromMilliseconds(500);
        while (!await link.Peer.WaitUntilAsync(() => hangUp.IsCompleted, TimeSpan.FromMilliseconds(50)) && advanced < TimeSpan.FromSeconds(5))
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            advanced += TimeSpan.FromMilliseconds(100);
        }
        await hangUp.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(advanced >= TimeSpan.FromMilliseconds(1100), $"gave up after {advanced.TotalMilliseconds} ms of virtual time");
        Assert.True(await link.Peer.WaitUntilAsync(() => link.Peer.CloseReceived));
    }

    [Fact]
    public async Task Telnyx_messages_carry_no_stream_id()
    {
        var time = new FakeTimeProvider();
        await using var link = await MediaStreamLink.OpenAsync(new TwilioMediaChannelOptions { Dialect = MediaStreamDialect.Telnyx, Time = time, MarkEveryFrames = 1 }, telnyx: true);
        await link.Channel.SendAudioAsync(Silence(time), link.Token);
        link.Channel.ClearAudio();
        Assert.True(await link.Peer.WaitUntilAsync(() => link.Peer.Count("clear") == 1));
        Assert.All(link.Peer.Received, m => Assert.Null(m.StreamId));
        Assert.Contains(link.Peer.Received, m => m.Raw == """{"event":"clear"}""");
    }

    [Fact]
    public async Task Transfer_is_refused_with_the_reason_unless_a_handler_is_configured()
    {
        await using (var link = await MediaStreamLink.OpenAsync())
        {
            var outcome = await link.Channel.TransferAsync("+15550100", link.Token);
            Assert.False(outcome.Accepted);
            Assert.Contains("REST API", outcome.Detail);
        }
        string? seen = null;
        var options = new TwilioMediaChannelOptions
        {
            Time = new FakeTimeProvider(),
            TransferHandler = (target, start, _) =>
            {
                seen = $"{target}@{start.CallId}";
                return ValueTask.FromResult(new TransferOutcome(true, "redirected"));
            },
        };
        await using (var link = await MediaStreamLink.OpenAsync(options))
        {
            var outcome = await link.Channel.TransferAsync("+15550100", link.Token);
            Assert.True(outcome.Accepted);
            Assert.Equal("+15550100@CA00000000000000000000000000000001", seen);
        }
    }

    [Fact]
    public async Task A_frame_at_another_rate_is_refused()
    {
        await using var link = await MediaStreamLink.OpenAsync();
        var frame = AudioFrame.Rent(16_000, 320, 0, DateTimeOffset.UnixEpoch);
        await Assert.ThrowsAsync<ArgumentException>(() => link.Channel.SendAudioAsync(frame, link.Token).AsTask());
        Assert.True(frame.IsDisposed);
    }

    private static AudioFrame Silence(TimeProvider time)
    {
        var frame = AudioFrame.Rent(8000, 160, 0, time.GetUtcNow());
        frame.Samples.Clear();
        return frame;
    }
}
