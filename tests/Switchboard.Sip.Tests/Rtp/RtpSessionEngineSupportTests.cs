using Microsoft.Extensions.Time.Testing;
using Switchboard.Audio.Frames;
using Switchboard.Sip.Rtp;

namespace Switchboard.Sip.Tests.Rtp;

/// <summary>What the call engine's SIP channel needs from a session: a frame every tick, a flushable send queue, and knowing whether RFC 4733 is on.</summary>
public sealed class RtpSessionEngineSupportTests
{
    [Fact]
    public async Task With_silence_delivery_a_session_nobody_sends_to_yields_silent_frames_on_every_tick()
    {
        RtpPortAllocator ports = RtpSessionPair.NewAllocator(pairs: 2);
        await using var clock = new MediaClock();
        RtpPortLease peer = ports.Allocate();
        await using var session = new RtpSession(RtpSessionPair.Audio(peer.RtpPort), ports.Allocate(), clock, new RtpSessionOptions { DeliverSilenceWhenEmpty = true });
        CancellationToken token = TestTimeout.Token();
        for (int i = 0; i < 10; i++)
        {
            using AudioFrame frame = await session.InboundFrames.ReadAsync(token);
            Assert.Equal((8000, RtpSession.SamplesPerFrame), (frame.SampleRate, frame.Length));
            Assert.All(frame.Samples.ToArray(), s => Assert.Equal(0, s));
        }

        peer.Dispose();
    }

    [Fact]
    public async Task ClearOutbound_drops_every_queued_frame_and_makes_room_again()
    {
        RtpPortAllocator ports = RtpSessionPair.NewAllocator(pairs: 2);

        // A clock on virtual time that is never advanced: nothing takes frames from the queue but the test.
        await using var clock = new MediaClock(timeProvider: new FakeTimeProvider());
        RtpPortLease peer = ports.Allocate();
        await using var session = new RtpSession(RtpSessionPair.Audio(peer.RtpPort), ports.Allocate(), clock, new RtpSessionOptions { OutboundCapacity = 3 });
        for (int i = 0; i < 3; i++)
        {
            Assert.True(session.TrySend(Frame()));
        }

        using (AudioFrame extra = Frame())
        {
            Assert.False(session.TrySend(extra));
        }

        Assert.Equal(3, session.ClearOutbound());
        Assert.Equal(0, session.ClearOutbound());
        Assert.True(session.TrySend(Frame()));
        peer.Dispose();
    }

    [Fact]
    public async Task TelephoneEventsNegotiated_follows_the_negotiated_payload_type()
    {
        RtpPortAllocator ports = RtpSessionPair.NewAllocator(pairs: 2);
        await using var clock = new MediaClock(timeProvider: new FakeTimeProvider());
        await using var with = new RtpSession(RtpSessionPair.Audio(40000), ports.Allocate(), clock);
        await using var without = new RtpSession(RtpSessionPair.Audio(40000, eventPt: null), ports.Allocate(), clock);
        Assert.True(with.TelephoneEventsNegotiated);
        Assert.False(without.TelephoneEventsNegotiated);
        Assert.Throws<InvalidOperationException>(() => without.SendDigit('1'));
    }

    private static AudioFrame Frame() => AudioFrame.Rent(8000, RtpSession.SamplesPerFrame, 0, DateTimeOffset.UnixEpoch);
}
