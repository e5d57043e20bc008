using Switchboard.Audio.Frames;
using Switchboard.Realtime.Transports;
using Switchboard.Realtime.Transports.Sip;
using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Rtp;

namespace Switchboard.Realtime.Tests.Transports.Sip;

/// <summary>Warm transfers and the REFER fallback over real SIP on 127.0.0.1: hold, second leg, briefing, bridge, hang-ups.</summary>
public sealed class SipBridgeTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_consultation_holds_the_caller_briefs_the_target_then_bridges_both_ways_and_outlives_the_channel()
    {
        await using var rig = new SipLoopback();
        await using var bridges = new SipBridgeHost();
        await using var desk = new SipDesk();
        var (channel, phone) = await rig.ConnectAsync(new SipMediaChannelOptions { LegDialer = new LoopbackLegDialer(rig), Bridges = bridges });

        var consult = await channel.ConsultAsync(desk.Uri, rig.Guard.Token);
        var leg = Assert.IsAssignableFrom<IConsultLeg>(consult.Leg);
        Assert.True(channel.IsHolding);
        Assert.True(await phone.WaitUntilAsync(() => phone.VoicedFrames >= 10, Long), "the held caller hears ringback");

        for (var i = 0; i < 25; i++) await leg.SendAudioAsync(Tone(i), rig.Guard.Token);
        Assert.True(await phone.WaitUntilAsync(() => desk.VoicedFrames >= 20, Long), $"the target heard {desk.VoicedFrames} frames of the briefing");

        var outcome = await leg.BridgeAsync(rig.Guard.Token);
        await leg.DisposeAsync();
        Assert.True(outcome.Accepted, outcome.Detail);
        Assert.Equal(TransferOutcomeCodes.Connected, outcome.OutcomeCode);
        Assert.False(channel.IsHolding);
        Assert.Equal(1, bridges.Count);

        var deskBefore = desk.VoicedFrames;
        await phone.SendAudioAsync(ToneSamples(50));
        Assert.True(await phone.WaitUntilAsync(() => desk.VoicedFrames >= deskBefore + 40, Long), "the target hears the caller");

        // The agent's session ends as it does after a transfer: hang-up and disposal must leave the joined call alone.
        await channel.HangUpAsync("transferred", rig.Guard.Token);
        await channel.DisposeAsync();
        var phoneBefore = phone.VoicedFrames;
        await desk.SendToneAsync(50, rig.Guard.Token);
        Assert.True(await phone.WaitUntilAsync(() => phone.VoicedFrames >= phoneBefore + 40, Long), "the caller hears the target after the agent left");
        Assert.False(phone.Call.IsEnded);

        await desk.HangUpAsync();
        Assert.Equal(SipCallEndReasons.RemoteHangup, await phone.Ended.WaitAsync(Long));
        Assert.True(await phone.WaitUntilAsync(() => bridges.Count == 0, Long), "the bridge ends when a side hangs up");
    }

    [Fact]
    public async Task A_busy_target_fails_the_consultation_and_the_caller_comes_off_hold_with_input_flowing_again()
    {
        await using var rig = new SipLoopback();
        await using var bridges = new SipBridgeHost();
        await using var desk = new SipDesk(answer: 486);
        var (channel, phone) = await rig.ConnectAsync(new SipMediaChannelOptions { LegDialer = new LoopbackLegDialer(rig), Bridges = bridges });

        var consult = await channel.ConsultAsync(desk.Uri, rig.Guard.Token);
        Assert.Null(consult.Leg);
        Assert.Equal(TransferOutcomeCodes.Busy, consult.Failure!.OutcomeCode);
        Assert.False(channel.IsHolding);

        while (channel.Input.TryRead(out var stale)) stale.Frame.Dispose();
        await phone.SendAudioAsync(ToneSamples(10));
        var input = await channel.Input.ReadAsync(rig.Guard.Token);
        input.Frame.Dispose();
        Assert.Equal(MediaInputKind.Audio, input.Kind);
        Assert.False(phone.Call.IsEnded);
        Assert.Equal(0, bridges.Count);
    }

    [Fact]
    public async Task The_caller_hanging_up_while_the_target_rings_cancels_the_second_call()
    {
        await using var rig = new SipLoopback();
        await using var bridges = new SipBridgeHost();
        await using var desk = new SipDesk(answer: SipDesk.RingForever);
        var (channel, phone) = await rig.ConnectAsync(new SipMediaChannelOptions { LegDialer = new LoopbackLegDialer(rig), Bridges = bridges });

        var consulting = channel.ConsultAsync(desk.Uri, rig.Guard.Token).AsTask();
        await desk.Invited.WaitAsync(Long);
        await phone.Call.HangupAsync();

        var consult = await consulting.WaitAsync(Long);
        Assert.Null(consult.Leg);
        Assert.Contains("hung up", consult.Failure!.Detail, StringComparison.Ordinal);
        Assert.Equal("cancelled", await desk.Ended.WaitAsync(Long));
    }

    [Fact]
    public async Task The_caller_hanging_up_during_the_briefing_ends_the_leg_and_the_bridge_is_refused()
    {
        await using var rig = new SipLoopback();
        await using var bridges = new SipBridgeHost();
        await using var desk = new SipDesk();
        var (channel, phone) = await rig.ConnectAsync(new SipMediaChannelOptions { LegDialer = new LoopbackLegDialer(rig), Bridges = bridges });

        var leg = (await channel.ConsultAsync(desk.Uri, rig.Guard.Token)).Leg!;
        await phone.Call.HangupAsync();
        await leg.Ended.WaitAsync(Long);
        var outcome = await leg.BridgeAsync(rig.Guard.Token);
        Assert.False(outcome.Accepted);
        Assert.Contains("caller hung up", outcome.Detail, StringComparison.Ordinal);

        await leg.DisposeAsync();
        Assert.Equal(SipCallEndReasons.RemoteHangup, await desk.Ended.WaitAsync(Long));
        Assert.Equal(0, bridges.Count);
    }

    [Fact]
    public async Task A_peer_that_refuses_refer_is_transferred_by_calling_the_target_and_bridging()
    {
        await using var rig = new SipLoopback(phoneAllow: "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO");
        await using var bridges = new SipBridgeHost();
        await using var desk = new SipDesk();
        var dialer = new LoopbackLegDialer(rig);
        var (channel, phone) = await rig.ConnectAsync(new SipMediaChannelOptions { LegDialer = dialer, Bridges = bridges });

        var outcome = await channel.TransferAsync(desk.Uri, rig.Guard.Token);
        Assert.True(outcome.Accepted, outcome.Detail);
        Assert.Contains("405", outcome.Detail, StringComparison.Ordinal);
        Assert.Empty(phone.ReferTargets);
        Assert.Equal(1, dialer.Dialled);
        Assert.Equal(1, bridges.Count);

        // 3 s of tone for 40 heard frames: under CI load the first packets after the bridge can arrive late or be
        // concealed (seen once), which says nothing about whether the bridge carries audio.
        var deskBefore = desk.VoicedFrames;
        await phone.SendAudioAsync(ToneSamples(150));
        Assert.True(await phone.WaitUntilAsync(() => desk.VoicedFrames >= deskBefore + 40, Long),
            $"the target heard {desk.VoicedFrames - deskBefore} voiced frames of the caller; bridges: {bridges.Count}");

        await phone.Call.HangupAsync();
        Assert.Equal(SipCallEndReasons.RemoteHangup, await desk.Ended.WaitAsync(Long));
    }

    [Fact]
    public async Task Without_a_dialer_a_refused_refer_fails_and_a_consultation_is_refused()
    {
        await using var rig = new SipLoopback(phoneAllow: "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO");
        var (channel, phone) = await rig.ConnectAsync();

        var outcome = await channel.TransferAsync("sip:desk@127.0.0.1", rig.Guard.Token);
        Assert.False(outcome.Accepted);
        Assert.Contains("405", outcome.Detail, StringComparison.Ordinal);

        var consult = await channel.ConsultAsync("sip:desk@127.0.0.1", rig.Guard.Token);
        Assert.Null(consult.Leg);
        Assert.Contains("cannot place a second call", consult.Failure!.Detail, StringComparison.Ordinal);
        Assert.False(phone.Call.IsEnded);
    }

    [Fact]
    public async Task Disposing_the_bridge_host_hangs_up_both_sides()
    {
        await using var rig = new SipLoopback(phoneAllow: "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO");
        var bridges = new SipBridgeHost();
        await using var desk = new SipDesk();
        var (channel, phone) = await rig.ConnectAsync(new SipMediaChannelOptions { LegDialer = new LoopbackLegDialer(rig), Bridges = bridges });
        Assert.True((await channel.TransferAsync(desk.Uri, rig.Guard.Token)).Accepted);
        var portsInUse = rig.Ports.InUse;

        await bridges.DisposeAsync();
        Assert.Equal(SipCallEndReasons.RemoteHangup, await phone.Ended.WaitAsync(Long));
        Assert.Equal(SipCallEndReasons.RemoteHangup, await desk.Ended.WaitAsync(Long));
        Assert.Equal(portsInUse - 2, rig.Ports.InUse);
        Assert.Equal(0, bridges.Count);
    }

    private static AudioFrame Tone(int index)
    {
        var frame = AudioFrame.Rent(8000, RtpSession.SamplesPerFrame, index * RtpSession.SamplesPerFrame, DateTimeOffset.UtcNow);
        ToneSamples(1, index).CopyTo(frame.Samples);
        return frame;
    }

    private static short[] ToneSamples(int frames, int from = 0)
    {
        var samples = new short[frames * RtpSession.SamplesPerFrame];
        for (var n = 0; n < samples.Length; n++) samples[n] = (short)(8000 * Math.Sin(2 * Math.PI * 700 * (from * 160 + n) / 8000.0));
        return samples;
    }
}
