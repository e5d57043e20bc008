using System.Threading.Channels;
using Switchboard.Audio.Dtmf;
using Switchboard.Audio.Frames;
using Switchboard.Realtime.Transports;
using Switchboard.Realtime.Transports.Sip;
using Switchboard.Sip.Dialogs;

namespace Switchboard.Realtime.Tests.Transports.Sip;

/// <summary>The channel alone over two real SIP user agents on loopback: media, digits, hang-up and REFER both ways.</summary>
public sealed class SipMediaChannelTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Caller_audio_arrives_as_8_khz_frames_and_agent_audio_reaches_the_phone()
    {
        await using var rig = new SipLoopback();
        var (channel, phone) = await rig.ConnectAsync();
        Assert.Equal((8000, TimeSpan.FromMilliseconds(20)), (channel.SampleRate, channel.FrameDuration));

        var tone = new short[8000];
        DtmfGenerator.GenerateDualTone(440, 440, -10, -10, 8000, tone);
        var sending = phone.SendAudioAsync(tone);
        var loud = 0;
        for (var i = 0; i < 500 && loud < 20; i++)
        {
            var input = await NextAsync(channel, rig);
            Assert.Equal(MediaInputKind.Audio, input.Kind);
            using var frame = input.Frame;
            Assert.Equal((8000, 160), (frame.SampleRate, frame.Length));
            if (Rms(frame.Samples) > 1000) loud++;
        }
        Assert.True(loud >= 20, $"only {loud} frames carried the caller's tone");
        await sending;

        for (var i = 0; i < 50; i++)
        {
            var frame = AudioFrame.Rent(8000, 160, i * 160, DateTimeOffset.UtcNow);
            DtmfGenerator.GenerateDualTone(500, 500, -10, -10, 8000, frame.Samples);
            await channel.SendAudioAsync(frame, rig.Guard.Token);
        }
        Assert.True(await phone.WaitUntilAsync(() => phone.VoicedFrames >= 40, Long), $"the phone heard {phone.VoicedFrames} voiced frames");
    }

    [Fact]
    public async Task A_silent_caller_still_yields_a_frame_every_tick()
    {
        await using var rig = new SipLoopback();
        var (channel, phone) = await rig.ConnectAsync();

        // The phone stops sending altogether (DTX, or a dead stream): the engine's clock must keep running.
        await phone.Rtp.DisposeAsync();
        for (var i = 0; i < 100; i++)
        {
            var input = await NextAsync(channel, rig);
            Assert.Equal(MediaInputKind.Audio, input.Kind);
            input.Frame.Dispose();
        }
    }

    [Fact]
    public async Task Digits_arrive_from_rfc_4733_and_from_sip_info()
    {
        await using var rig = new SipLoopback();
        var (channel, phone) = await rig.ConnectAsync();
        Assert.False(channel.DetectsInBandDtmf);

        phone.Rtp.SendDigit('5');
        Assert.Equal('5', await NextDigitAsync(channel, rig));
        Assert.Equal(200, await phone.Call.SendDtmfAsync('#'));
        Assert.Equal('#', await NextDigitAsync(channel, rig));
    }

    [Fact]
    public async Task In_band_tones_are_detected_when_the_peer_offered_no_telephone_event()
    {
        await using var rig = new SipLoopback();
        var (channel, phone) = await rig.ConnectAsync(phoneOffersTelephoneEvent: false);
        Assert.True(channel.DetectsInBandDtmf);

        var audio = new short[8000 * 2 / 5];
        DtmfGenerator.Generate('9', -6, 8000, audio.AsSpan(0, 8000 / 10));
        // On a starved machine RTP frames can arrive too late and be concealed, cutting a tone below the detector's
        // minimum; a person presses again, and so does this phone (at most three times).
        for (var attempt = 0; attempt < 3; attempt++)
        {
            _ = phone.SendAudioAsync(audio);
            if (await DigitWithinFramesAsync(channel, rig, 100) is { } digit)
            {
                Assert.Equal('9', digit);
                return;
            }
        }
        Assert.Fail("The tone was not detected in three presses.");
    }

    /// <summary>The next digit, or null when <paramref name="frames"/> audio frames (2 s of media) pass without one.</summary>
    private static async Task<char?> DigitWithinFramesAsync(SipMediaChannel channel, SipLoopback rig, int frames)
    {
        for (var seen = 0; seen < frames;)
        {
            var input = await NextAsync(channel, rig);
            if (input.Kind == MediaInputKind.Digit) return input.Digit;
            input.Frame.Dispose();
            Assert.NotEqual(MediaInputKind.HangUp, input.Kind);
            seen++;
        }
        return null;
    }

    [Fact]
    public async Task Sent_digits_use_rfc_4733_when_negotiated_and_sip_info_otherwise()
    {
        await using var rig = new SipLoopback();
        var (channel, phone) = await rig.ConnectAsync();
        await channel.SendDigitsAsync("42", rig.Guard.Token);
        Assert.Equal('4', (await phone.Rtp.Digits.ReadAsync(rig.Guard.Token)).Digit);
        Assert.Equal('2', (await phone.Rtp.Digits.ReadAsync(rig.Guard.Token)).Digit);
        await Assert.ThrowsAsync<ArgumentException>(() => channel.SendDigitsAsync("4x", rig.Guard.Token).AsTask());

        var (plain, plainPhone) = await rig.ConnectAsync(phoneOffersTelephoneEvent: false);
        await plain.SendDigitsAsync("7*", rig.Guard.Token);
        Assert.True(await plainPhone.WaitUntilAsync(() => plainPhone.InfoDigits.Count == 2, Long));
        Assert.Equal("7*", new string([.. plainPhone.InfoDigits]));
    }

    [Fact]
    public async Task The_phone_hanging_up_ends_the_input_with_user_hangup()
    {
        await using var rig = new SipLoopback();
        var (channel, phone) = await rig.ConnectAsync();
        await phone.Call.HangupAsync(rig.Guard.Token);

        MediaInput input;
        do
        {
            input = await NextAsync(channel, rig);
            input.Frame.Dispose();
        }
        while (input.Kind != MediaInputKind.HangUp);
        Assert.Equal("user_hangup", input.Reason);
        Assert.False(await channel.Input.WaitToReadAsync(rig.Guard.Token), "input continued after the hang-up");
        Assert.Equal(SipCallEndReasons.RemoteHangup, channel.SipEndReason);
    }

    [Fact]
    public async Task Hanging_up_sends_bye_and_disposal_releases_the_rtp_ports()
    {
        await using var rig = new SipLoopback();
        var (channel, phone) = await rig.ConnectAsync();
        Assert.Equal(2, rig.Ports.InUse);

        await channel.HangUpAsync("agent_hangup", rig.Guard.Token);
        Assert.Equal(SipCallEndReasons.RemoteHangup, await phone.Ended.WaitAsync(Long));
        await channel.DisposeAsync();
        Assert.Equal(1, rig.Ports.InUse);

        var (second, secondPhone) = await rig.ConnectAsync();
        await second.DisposeAsync();
        Assert.Equal(SipCallEndReasons.RemoteHangup, await secondPhone.Ended.WaitAsync(Long));
    }

    [Fact]
    public async Task Refer_is_accepted_when_the_phone_reports_success_and_a_number_goes_to_the_peer_host()
    {
        await using var rig = new SipLoopback();
        var (channel, phone) = await rig.ConnectAsync();

        var outcome = await channel.TransferAsync("sip:frontdesk@127.0.0.1", rig.Guard.Token);
        Assert.True(outcome.Accepted, outcome.Detail);
        Assert.Equal("200 OK", outcome.Detail);

        var number = await channel.TransferAsync("+1 (555) 010-0200", rig.Guard.Token);
        Assert.True(number.Accepted, number.Detail);
        Assert.Equal(["sip:frontdesk@127.0.0.1", $"sip:+15550100200@127.0.0.1:{rig.PhonePort}"], phone.ReferTargets.Select(t => t.ToString()));
    }

    [Fact]
    public async Task Refer_is_refused_when_the_target_fails_or_no_outcome_arrives_or_the_target_is_not_an_address()
    {
        await using var rig = new SipLoopback();
        var (channel, phone) = await rig.ConnectAsync(new SipMediaChannelOptions { TransferTimeout = TimeSpan.FromSeconds(1) });

        phone.OnRefer = _ => 486;
        var busy = await channel.TransferAsync("sip:busy@127.0.0.1", rig.Guard.Token);
        Assert.False(busy.Accepted);
        Assert.Contains("486", busy.Detail, StringComparison.Ordinal);

        phone.OnRefer = _ => null;
        var silent = await channel.TransferAsync("sip:nobody@127.0.0.1", rig.Guard.Token);
        Assert.False(silent.Accepted);
        Assert.Contains("no outcome", silent.Detail, StringComparison.Ordinal);

        var nonsense = await channel.TransferAsync("the front desk", rig.Guard.Token);
        Assert.False(nonsense.Accepted);
        Assert.Contains("neither a SIP URI nor a phone number", nonsense.Detail, StringComparison.Ordinal);
        Assert.Equal(2, phone.ReferTargets.Count);
        Assert.False(phone.Call.IsEnded, "a refused transfer must leave the call up");
    }

    private static async Task<MediaInput> NextAsync(SipMediaChannel channel, SipLoopback rig)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(rig.Guard.Token);
        limit.CancelAfter(Long);
        return await channel.Input.ReadAsync(limit.Token);
    }

    private static async Task<char> NextDigitAsync(SipMediaChannel channel, SipLoopback rig)
    {
        while (true)
        {
            var input = await NextAsync(channel, rig);
            if (input.Kind == MediaInputKind.Digit) return input.Digit;
            input.Frame.Dispose();
            Assert.NotEqual(MediaInputKind.HangUp, input.Kind);
        }
    }

    private static double Rms(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (var s in samples) sum += (double)s * s;
        return Math.Sqrt(sum / samples.Length);
    }
}
