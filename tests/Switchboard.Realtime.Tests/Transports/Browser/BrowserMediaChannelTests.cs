using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Switchboard.Realtime.Sessions.Events;
using Switchboard.Realtime.Transports;
using Switchboard.Realtime.Transports.Browser;
using static Switchboard.Realtime.Tests.Transports.Browser.ChannelRig;

namespace Switchboard.Realtime.Tests.Transports.Browser;

/// <summary>The browser transport on virtual time, against an in-memory WebSocket peer.</summary>
public sealed class BrowserMediaChannelTests
{
    [Fact]
    public async Task Start_announces_the_call_first()
    {
        await using var rig = new ChannelRig();
        await rig.StartAsync();
        Assert.True(await rig.Client.WaitForEventAsync("call_started", Bound));
        var started = rig.Client.Messages[0];
        Assert.Equal("call_started", started.Type);
        Assert.Equal("call_web1", started.Str("call_id"));
        Assert.Equal("agent_web1", started.Str("agent_id"));
        Assert.Equal(16_000, started.Json.GetProperty("sample_rate").GetInt32());
    }

    [Fact]
    public async Task Before_start_the_socket_is_left_alone_even_when_the_channel_is_disposed()
    {
        await using var rig = new ChannelRig();
        await rig.Channel.DisposeAsync();
        Assert.True(rig.Channel.Completion.IsCompleted);
        Assert.Equal(WebSocketState.Open, rig.ServerSocket.State);
        Assert.Throws<ObjectDisposedException>(rig.Channel.Start);
        Assert.False(await rig.Channel.Input.WaitToReadAsync());

        // Whoever accepted the socket can still answer it; the browser sees only that.
        await rig.ServerSocket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "no capacity", CancellationToken.None);
        await rig.Client.Closed.WaitAsync(Bound);
        Assert.Empty(rig.Client.Messages);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, rig.Client.CloseStatus);
    }

    [Fact]
    public async Task Microphone_audio_in_messages_of_any_size_is_recut_into_frames_on_the_clock()
    {
        await using var rig = new ChannelRig();
        await rig.StartAsync();
        var ramp = BrowserClient.Pcm(Ramp(1000));
        // Odd sizes: the second message starts in the middle of a sample.
        await rig.Client.SendBytesAsync(ramp.AsMemory(0, 333));
        await rig.Client.SendBytesAsync(ramp.AsMemory(333, 1001));
        await rig.Client.SendBytesAsync(ramp.AsMemory(1334));
        await rig.Client.SendJsonAsync("""{"type":"dtmf","digit":"1"}""");
        Assert.Equal('1', (await rig.NextAsync()).Digit); // everything before it is buffered

        var expected = Ramp(1000);
        for (var i = 0; i < 3; i++)
        {
            using var frame = (await rig.TickAsync()).Frame;
            Assert.Equal(16_000, frame.SampleRate);
            Assert.Equal((i + 1) * 320L, frame.Timestamp);
            Assert.Equal(expected.AsSpan(i * 320, 320).ToArray(), frame.Samples.ToArray());
        }
        using var rest = (await rig.TickAsync()).Frame;
        Assert.All(rest.Samples.ToArray(), s => Assert.Equal(0, s)); // 40 samples do not make a frame yet
    }

    [Fact]
    public async Task A_silent_browser_still_gets_silence_delivered_every_frame_period()
    {
        await using var rig = new ChannelRig();
        await rig.StartAsync();
        for (var i = 1; i <= 3; i++)
        {
            using var frame = (await rig.TickAsync()).Frame;
            Assert.Equal(i * 320L, frame.Timestamp);
            Assert.Equal(320, frame.Length);
            Assert.All(frame.Samples.ToArray(), s => Assert.Equal(0, s));
        }
    }

    [Fact]
    public async Task A_burst_of_microphone_audio_is_caught_up_with_an_extra_frame_per_tick()
    {
        await using var rig = new ChannelRig();
        await rig.StartAsync();
        var samples = Ramp(3200);
        await rig.Client.SendBytesAsync(BrowserClient.Pcm(samples));
        await rig.Client.SendJsonAsync("""{"type":"dtmf","digit":"2"}""");
        Assert.Equal('2', (await rig.NextAsync()).Digit);

        using var first = (await rig.TickAsync()).Frame;
        // Without advancing time: the backlog is above the catch-up mark, so a second frame came with the tick.
        var second = await rig.NextAsync();
        using var secondFrame = second.Frame;
        Assert.Equal(MediaInputKind.Audio, second.Kind);
        Assert.Equal(samples.AsSpan(0, 320).ToArray(), first.Samples.ToArray());
        Assert.Equal(samples.AsSpan(320, 320).ToArray(), secondFrame.Samples.ToArray());
    }

    [Fact]
    public async Task Agent_audio_goes_out_as_pcm16_and_talking_events_follow_the_audible_frames()
    {
        var options = new BrowserMediaChannelOptions { StopTalkingAfterFrames = 5 };
        await using var rig = new ChannelRig(options);
        await rig.StartAsync();
        using (var tone = Tone(1234))
        {
            var expected = tone.Samples.ToArray();
            await rig.Channel.SendAudioAsync(tone, CancellationToken.None); // ownership passes to the channel
            Assert.True(await rig.Client.WaitForAsync(m => m.Any(x => x.Audio is not null), Bound));
            Assert.Equal(expected, rig.Client.Messages.First(m => m.Audio is not null).Audio);
        }
        // A gap shorter than the stop threshold (no frames at all), then more speech, then silent frames.
        await rig.TicksAsync(options.StopTalkingAfterFrames - 1);
        await rig.Channel.SendAudioAsync(Tone(), CancellationToken.None);
        await rig.TicksAsync(options.StopTalkingAfterFrames + 1, async () => await rig.Channel.SendAudioAsync(Quiet(), CancellationToken.None));
        Assert.True(await rig.Client.WaitForEventAsync("agent_stop_talking", Bound));

        var messages = rig.Client.Messages;
        Assert.Equal(["call_started", "agent_start_talking", "agent_stop_talking"], rig.Client.EventTypes);
        var start = IndexOf(messages, "agent_start_talking");
        var stop = IndexOf(messages, "agent_stop_talking");
        var audible = messages.Select((m, i) => (m, i)).Where(x => x.m.IsAudible).Select(x => x.i).ToList();
        Assert.Equal(2, audible.Count);
        Assert.True(start < audible[0] && audible[1] < stop, "talking events must bracket the agent's speech");
        Assert.All(messages.Where(m => m.Audio is not null), m => Assert.Equal(320, m.Audio!.Length));
    }

    [Fact]
    public async Task Clear_tells_the_page_to_drop_its_audio_and_stops_talking()
    {
        await using var rig = new ChannelRig();
        await rig.StartAsync();
        await rig.Channel.SendAudioAsync(Tone(), CancellationToken.None);
        rig.Channel.ClearAudio();
        Assert.True(await rig.Client.WaitForEventAsync("agent_stop_talking", Bound));
        Assert.Equal(["call_started", "agent_start_talking", "clear", "agent_stop_talking"], rig.Client.EventTypes);
    }

    [Fact]
    public async Task Agent_audio_still_queued_when_cleared_never_reaches_the_page()
    {
        await using var rig = new ChannelRig();
        // Queued before the socket is served, so none of it can have gone out when the caller interrupts.
        for (var i = 0; i < 5; i++) await rig.Channel.SendAudioAsync(Tone(), CancellationToken.None);
        rig.Channel.ClearAudio();
        await rig.Channel.SendAudioAsync(Tone(777), CancellationToken.None);
        await rig.StartAsync();
        Assert.True(await rig.Client.WaitForAsync(m => m.Any(x => x.Audio is not null), Bound));
        await rig.Channel.DisposeAsync();
        await rig.Client.Closed.WaitAsync(Bound);

        var audio = Assert.Single(rig.Client.Messages, m => m.Audio is not null);
        Assert.Equal(777, audio.Audio![0]); // only what was sent after the clear
        Assert.Equal(["call_started", "agent_start_talking", "clear", "agent_stop_talking", "agent_start_talking", "agent_stop_talking", "call_ended"],
            rig.Client.EventTypes);
    }

    [Fact]
    public async Task Keypad_messages_become_digits_for_the_session()
    {
        await using var rig = new ChannelRig();
        await rig.StartAsync();
        await rig.Client.SendJsonAsync("""{"type":"dtmf","digit":"5"}""");
        await rig.Client.SendJsonAsync("""{"type":"dtmf","digit":"#"}""");
        await rig.Client.SendJsonAsync("""{"digit":"a","type":"dtmf"}""");
        Assert.Equal('5', (await rig.NextAsync()).Digit);
        Assert.Equal('#', (await rig.NextAsync()).Digit);
        Assert.Equal('A', (await rig.NextAsync()).Digit);
    }

    [Fact]
    public async Task Bad_control_messages_get_error_events_and_the_call_goes_on()
    {
        await using var rig = new ChannelRig(new BrowserMediaChannelOptions { MaxTextMessageBytes = 256 });
        await rig.StartAsync();
        await rig.Client.SendJsonAsync("not json");
        await rig.Client.SendJsonAsync("""{"type":"dance"}""");
        await rig.Client.SendJsonAsync("""{"type":"dtmf","digit":"55"}""");
        await rig.Client.SendJsonAsync("""{"type":"dtmf"}""");
        await rig.Client.SendJsonAsync($$"""{"type":"dtmf","digit":"{{new string('1', 300)}}"}""");
        await rig.Client.SendJsonAsync("[1,2]");
        await rig.Client.SendJsonAsync("""{"type":"dtmf","digit":"7"}""");

        Assert.Equal('7', (await rig.NextAsync()).Digit);
        Assert.True(await rig.Client.WaitForAsync(m => m.Count(x => x.Type == "error") == 6, Bound));
        var errors = rig.Client.Events.Where(e => e.Type == "error").ToList();
        Assert.Equal(["invalid_message", "unknown_message_type", "invalid_digit", "invalid_digit", "message_too_large", "invalid_message"],
            errors.Select(e => e.Str("code")));
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Str("message"))));
        Assert.Null(rig.Channel.EndReason);
    }

    [Fact]
    public async Task The_hangup_message_ends_the_input_as_user_hangup_and_the_page_hears_the_end()
    {
        await using var rig = new ChannelRig();
        await rig.StartAsync();
        await rig.Client.SendJsonAsync("""{"type":"hangup"}""");
        var hangUp = await NextNonAudioAsync(rig);
        Assert.Equal(MediaInputKind.HangUp, hangUp.Kind);
        Assert.Equal("user_hangup", hangUp.Reason);
        Assert.Equal("user_hangup", rig.Channel.EndReason);
        await foreach (var input in rig.Channel.Input.ReadAllAsync()) input.Frame.Dispose(); // completes: no more input

        // The session's last words still reach the page, then the host disposes the channel.
        await rig.Channel.PostTranscriptAsync("user", "bye", final: true, CancellationToken.None);
        await rig.Channel.DisposeAsync();
        await rig.Client.Closed.WaitAsync(Bound);
        Assert.Equal(["call_started", "transcript", "call_ended"], rig.Client.EventTypes);
        Assert.Equal("user_hangup", rig.Client.Events[^1].Str("reason"));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, rig.Client.CloseStatus);
        Assert.True(rig.Channel.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task The_browser_closing_the_socket_is_a_user_hangup()
    {
        await using var rig = new ChannelRig();
        await rig.StartAsync();
        await rig.Client.CloseAsync();
        var hangUp = await NextNonAudioAsync(rig);
        Assert.Equal(MediaInputKind.HangUp, hangUp.Kind);
        Assert.Equal("user_hangup", hangUp.Reason);
        await rig.Channel.DisposeAsync().AsTask().WaitAsync(Bound);
        await rig.Client.Closed.WaitAsync(Bound);
        Assert.Equal(WebSocketState.Closed, rig.ServerSocket.State);
        Assert.DoesNotContain("call_ended", rig.Client.EventTypes);
    }

    [Fact]
    public async Task The_agent_hanging_up_ends_the_input_and_the_forwarded_call_end_closes_the_page()
    {
        await using var rig = new ChannelRig();
        await rig.StartAsync();
        await rig.Channel.SendAudioAsync(Tone(), CancellationToken.None);
        await rig.Channel.HangUpAsync("flow_end", CancellationToken.None);
        await foreach (var input in rig.Channel.Input.ReadAllAsync()) input.Frame.Dispose(); // completes: no more input
        Assert.Equal("flow_end", rig.Channel.EndReason);

        var at = rig.Time.GetUtcNow();
        await rig.Channel.ForwardAsync(new Utterance("call_web1", at, TimeSpan.Zero, UtteranceRole.Agent, "Goodbye.", TimeSpan.Zero, TimeSpan.Zero, false),
            CancellationToken.None);
        await rig.Channel.ForwardAsync(new CallEnded("call_web1", at, TimeSpan.Zero, "agent_hangup", null), CancellationToken.None);
        await rig.Client.Closed.WaitAsync(Bound);

        var messages = rig.Client.Messages;
        Assert.Equal(["call_started", "agent_start_talking", "transcript", "agent_stop_talking", "call_ended"], rig.Client.EventTypes);
        Assert.Equal("agent_hangup", messages[^1].Str("reason"));
        Assert.Single(messages, m => m.Audio is not null);
        Assert.Equal("agent_hangup", rig.Channel.EndReason);
        await rig.Channel.SendAudioAsync(Tone(), CancellationToken.None); // after the end: dropped, not an error
    }

    [Fact]
    public async Task Disposing_a_running_channel_ends_the_call_on_the_page()
    {
        await using var rig = new ChannelRig();
        await rig.StartAsync();
        await rig.Channel.DisposeAsync().AsTask().WaitAsync(Bound);
        await rig.Client.Closed.WaitAsync(Bound);
        Assert.Equal("call_ended", rig.Client.Events[^1].Type);
        Assert.Equal("ended", rig.Client.Events[^1].Str("reason"));
        Assert.True(rig.Channel.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Posted_events_reach_the_page_in_order()
    {
        await using var rig = new ChannelRig();
        await rig.StartAsync();
        await rig.Channel.PostTranscriptAsync("agent", "Hello there.", final: true, CancellationToken.None);
        await rig.Channel.ForwardAsync(new Utterance("call_web1", rig.Time.GetUtcNow(), TimeSpan.Zero, UtteranceRole.User, "hi", TimeSpan.Zero,
            TimeSpan.Zero, false), CancellationToken.None);
        await rig.Channel.ForwardAsync(new DigitEvent("call_web1", rig.Time.GetUtcNow(), TimeSpan.Zero, "1", true), CancellationToken.None);
        await rig.Channel.PostErrorAsync("stt_failed", "The recognizer stopped.", CancellationToken.None);
        await rig.Channel.PostEventAsync(new JsonObject { ["type"] = "custom", ["n"] = 3 }, CancellationToken.None);
        await rig.Channel.SendDigitsAsync("12#", CancellationToken.None);
        Assert.True(await rig.Client.WaitForEventAsync("dtmf", Bound));

        var events = rig.Client.Events;
        Assert.Equal(["call_started", "transcript", "transcript", "error", "custom", "dtmf"], rig.Client.EventTypes);
        Assert.Equal(("agent", "Hello there.", true), (events[1].Str("role"), events[1].Str("text"), events[1].Json.GetProperty("final").GetBoolean()));
        Assert.Equal(("user", "hi"), (events[2].Str("role"), events[2].Str("text")));
        Assert.Equal("stt_failed", events[3].Str("code"));
        Assert.Equal(3, events[4].Json.GetProperty("n").GetInt32());
        Assert.Equal("12#", events[5].Str("digits"));
    }

    [Fact]
    public async Task Inputs_are_validated_with_clear_errors()
    {
        using var pair = new WebSocketPair();
        Assert.Throws<ArgumentNullException>(() => new BrowserMediaChannel(null!, "call_1", "agent_1"));
        Assert.Throws<ArgumentException>(() => new BrowserMediaChannel(pair.Server, " ", "agent_1"));
        Assert.Throws<ArgumentException>(() => new BrowserMediaChannel(pair.Server, "call_1", ""));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BrowserMediaChannel(pair.Server, "call_1", "agent_1",
            new BrowserMediaChannelOptions { SampleRate = 44_100 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BrowserMediaChannelOptions { CatchUpAfterFrames = 60 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new BrowserMediaChannelOptions { CloseTimeout = TimeSpan.Zero }.Validate());

        await using var rig = new ChannelRig();
        await rig.StartAsync();
        Assert.Throws<InvalidOperationException>(rig.Channel.Start);
        await Assert.ThrowsAsync<ArgumentException>(() => rig.Channel.PostTranscriptAsync("system", "x", true, CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => rig.Channel.SendDigitsAsync("12x", CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => rig.Channel.PostEventAsync(new JsonObject { ["n"] = 1 }, CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => rig.Channel.PostErrorAsync("", "m", CancellationToken.None).AsTask());
        var transfer = await rig.Channel.TransferAsync("sip:desk@example.com", CancellationToken.None);
        Assert.False(transfer.Accepted);

        pair.Server.Abort();
        Assert.Throws<ArgumentException>(() => new BrowserMediaChannel(pair.Server, "call_1", "agent_1"));
    }

    private static int IndexOf(IReadOnlyList<BrowserClient.Received> messages, string type)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i].Type == type) return i;
        }
        return -1;
    }

    private static async Task<MediaInput> NextNonAudioAsync(ChannelRig rig)
    {
        while (true)
        {
            // The clock may have delivered frames meanwhile; a hang-up must come through without time advancing.
            var input = await rig.NextAsync();
            if (input.Kind != MediaInputKind.Audio) return input;
            input.Frame.Dispose();
        }
    }
}
