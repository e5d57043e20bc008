using Microsoft.Extensions.Time.Testing;
using Switchboard.Audio.G711;
using Switchboard.Realtime.Transports;
using Switchboard.Realtime.Transports.Twilio;

namespace Switchboard.Realtime.Tests.Transports.Twilio;

public sealed class TwilioMediaChannelInboundTests
{
    [Fact]
    public async Task The_start_message_gives_stream_call_format_and_custom_parameters()
    {
        await using var link = await MediaStreamLink.OpenAsync(parameters: new Dictionary<string, string> { ["token"] = "abc.def", ["lang"] = "en" });

        var start = link.Channel.Start;
        Assert.Equal(link.Peer.StreamId, start.StreamId);
        Assert.Equal("CA00000000000000000000000000000001", start.CallId);
        Assert.Equal("AC00000000000000000000000000000000", start.AccountId);
        Assert.Equal(MediaStreamEncoding.MuLaw, start.Encoding);
        Assert.Equal(8000, start.SampleRate);
        Assert.Equal("abc.def", start.CustomParameters["token"]);
        Assert.Equal("en", start.CustomParameters["lang"]);
        Assert.Equal(8000, link.Channel.SampleRate);
        Assert.Equal(TimeSpan.FromMilliseconds(20), link.Channel.FrameDuration);
    }

    [Fact]
    public async Task A_telnyx_start_in_snake_case_with_pcma_is_understood()
    {
        var options = new TwilioMediaChannelOptions { Dialect = MediaStreamDialect.Telnyx, Time = new FakeTimeProvider() };
        await using var link = await MediaStreamLink.OpenAsync(options, telnyx: true, parameters: new Dictionary<string, string> { ["token"] = "t1" }, encoding: "PCMA");

        var start = link.Channel.Start;
        Assert.Equal(link.Peer.StreamId, start.StreamId);
        Assert.StartsWith("v3:", start.CallId);
        Assert.Equal(MediaStreamEncoding.ALaw, start.Encoding);
        Assert.Equal("+13122010094", start.From);
        Assert.Equal("+13122010095", start.To);
        Assert.Equal("t1", start.CustomParameters["token"]);

        var samples = Ramp(160);
        var alaw = new byte[160];
        ALaw.Encode(samples, alaw);
        await link.Peer.SendMediaAsync(alaw);
        var input = await link.ReadAsync();
        using (input.Frame)
        {
            var expected = new short[160];
            ALaw.Decode(alaw, expected);
            Assert.Equal(expected, input.Frame.Samples.ToArray());
        }
    }

    [Fact]
    public async Task Caller_media_of_any_chunk_size_arrives_as_20_ms_frames_of_decoded_mu_law()
    {
        await using var link = await MediaStreamLink.OpenAsync();
        var samples = Ramp(160 * 4);
        var codes = new byte[samples.Length];
        MuLaw.Encode(samples, codes);
        var expected = new short[codes.Length];
        MuLaw.Decode(codes, expected);

        // 160 bytes (Twilio's usual), 320 at once, then 80 + 80.
        await link.Peer.SendMediaAsync(codes.AsSpan(0, 160));
        await link.Peer.SendMediaAsync(codes.AsSpan(160, 320));
        await link.Peer.SendMediaAsync(codes.AsSpan(480, 80));
        await link.Peer.SendMediaAsync(codes.AsSpan(560, 80));

        for (var i = 0; i < 4; i++)
        {
            var input = await link.ReadAsync();
            Assert.Equal(MediaInputKind.Audio, input.Kind);
            using (input.Frame)
            {
                Assert.Equal(8000, input.Frame.SampleRate);
                Assert.Equal(expected.AsSpan(i * 160, 160).ToArray(), input.Frame.Samples.ToArray());
                Assert.Equal(i * 160L, input.Frame.Timestamp);
            }
        }
    }

    [Fact]
    public async Task Dtmf_becomes_a_digit_and_stop_ends_the_input_with_user_hangup()
    {
        await using var link = await MediaStreamLink.OpenAsync();
        await link.Peer.SendDtmfAsync('7');
        await link.Peer.SendAsync("""{"event":"something_new","streamSid":"x"}""");
        await link.Peer.SendAsync("not json at all");
        await link.Peer.SendDtmfAsync('#');
        await link.Peer.SendStopAsync();

        var first = await link.ReadAsync();
        Assert.Equal(MediaInputKind.Digit, first.Kind);
        Assert.Equal('7', first.Digit);
        var second = await link.ReadAsync();
        Assert.Equal('#', second.Digit);
        var hangUp = await link.ReadAsync();
        Assert.Equal(MediaInputKind.HangUp, hangUp.Kind);
        Assert.Equal("user_hangup", hangUp.Reason);
        Assert.False(await link.Channel.Input.WaitToReadAsync(link.Token));
    }

    [Fact]
    public async Task A_quiet_network_is_filled_with_silence_on_the_channel_clock_but_flowing_media_is_not()
    {
        var time = new FakeTimeProvider();
        await using var link = await MediaStreamLink.OpenAsync(new TwilioMediaChannelOptions { Time = time });
        var frame = new byte[160];
        Array.Fill(frame, (byte)0x7F);

        // Media flowing every 20 ms: the clock adds nothing.
        for (var i = 0; i < 10; i++)
        {
            await link.Peer.SendMediaAsync(frame);
            using var input = (await link.ReadAsync()).Frame;
            time.Advance(TimeSpan.FromMilliseconds(20));
        }
        Assert.Equal(0, link.Channel.SilenceFramesInserted);

        // Then the network goes quiet for 400 ms: silence keeps the session's clock running.
        for (var i = 0; i < 20; i++) time.Advance(TimeSpan.FromMilliseconds(20));
        var filled = link.Channel.SilenceFramesInserted;
        Assert.InRange(filled, 14, 20);
        for (var i = 0; i < filled; i++)
        {
            var input = await link.ReadAsync();
            using (input.Frame)
            {
                Assert.Equal(MediaInputKind.Audio, input.Kind);
                Assert.All(input.Frame.Samples.ToArray(), s => Assert.Equal(0, s));
            }
        }
    }

    [Fact]
    public async Task A_session_far_behind_loses_caller_audio_but_marks_and_stop_still_get_through()
    {
        await using var link = await MediaStreamLink.OpenAsync(new TwilioMediaChannelOptions { Time = new FakeTimeProvider(), InputCapacity = 2 });
        var frame = new byte[160];
        for (var i = 0; i < 5; i++) await link.Peer.SendMediaAsync(frame);
        await link.Peer.SendAsync($$$"""{"event":"mark","sequenceNumber":"9","streamSid":"{{{link.Peer.StreamId}}}","mark":{"name":"7"}}""");
        Assert.True(await link.Peer.WaitUntilAsync(() => link.Channel.FramesPlayed == 7));
        Assert.Equal(3, link.Channel.DroppedFrames);

        for (var i = 0; i < 2; i++)
        {
            var input = await link.ReadAsync();
            Assert.Equal(MediaInputKind.Audio, input.Kind);
            input.Frame.Dispose();
        }
        await link.Peer.SendStopAsync();
        Assert.Equal(MediaInputKind.HangUp, (await link.ReadAsync()).Kind);
    }

    [Fact]
    public async Task A_stream_that_closes_before_start_is_a_protocol_error()
    {
        using var pair = await WebSocketPair.CreateAsync();
        var accept = TwilioMediaChannel.AcceptAsync(pair.Server);
        await pair.Client.SendAsync("""{"event":"connected","protocol":"Call","version":"1.0.0"}"""u8.ToArray(), System.Net.WebSockets.WebSocketMessageType.Text, true, default);
        await pair.Client.CloseOutputAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "bye", default);
        var error = await Assert.ThrowsAsync<MediaStreamProtocolException>(() => accept);
        Assert.Contains("before its 'start'", error.Message);
    }

    [Fact]
    public async Task An_audio_format_we_do_not_speak_is_refused_with_the_reason()
    {
        using var pair = await WebSocketPair.CreateAsync();
        await using var peer = new FakeMediaStreamPeer(pair.Client);
        var accept = TwilioMediaChannel.AcceptAsync(pair.Server);
        await peer.SendConnectedAsync();
        await peer.SendStartAsync(encoding: "audio/x-l16", sampleRate: 16000);
        var error = await Assert.ThrowsAsync<MediaStreamProtocolException>(() => accept);
        Assert.Contains("audio/x-l16", error.Message);
        // A failed accept leaves the socket to the caller, who closes it.
        await pair.Server.CloseOutputAsync(System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation, "unsupported format", default);
    }

    [Fact]
    public async Task No_start_within_the_timeout_is_a_protocol_error_on_virtual_time()
    {
        var time = new FakeTimeProvider();
        using var pair = await WebSocketPair.CreateAsync();
        var accept = TwilioMediaChannel.AcceptAsync(pair.Server, new TwilioMediaChannelOptions { Time = time, StartTimeout = TimeSpan.FromSeconds(5) });
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(accept.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        var error = await Assert.ThrowsAsync<MediaStreamProtocolException>(() => accept);
        Assert.Contains("within 5 s", error.Message);
    }

    [Fact]
    public async Task Bad_arguments_are_refused_with_argument_exceptions()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => TwilioMediaChannel.AcceptAsync(null!));
        using var pair = await WebSocketPair.CreateAsync();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => TwilioMediaChannel.AcceptAsync(pair.Server, new TwilioMediaChannelOptions { MarkEveryFrames = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => TwilioMediaChannel.AcceptAsync(pair.Server, new TwilioMediaChannelOptions { GapFillAfter = TimeSpan.FromMilliseconds(5) }));
        pair.Server.Abort();
        await Assert.ThrowsAsync<ArgumentException>(() => TwilioMediaChannel.AcceptAsync(pair.Server));
    }

    internal static short[] Ramp(int length)
    {
        var samples = new short[length];
        for (var i = 0; i < length; i++) samples[i] = (short)((i * 397 % 20000) - 10000);
        return samples;
    }
}
