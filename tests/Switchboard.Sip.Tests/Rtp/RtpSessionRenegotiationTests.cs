using System.Net;
using System.Net.Sockets;
using Switchboard.Audio.Frames;
using Switchboard.Sip.Rtp;
using Switchboard.Sip.Sdp;

namespace Switchboard.Sip.Tests.Rtp;

/// <summary><see cref="RtpSession.UpdateRemote"/>: a re-INVITE that moves the peer's media, or stops it, is followed.</summary>
public sealed class RtpSessionRenegotiationTests
{
    [Fact]
    public async Task Packets_go_to_the_new_address_after_the_update_and_nowhere_on_hold()
    {
        using var before = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var after = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        int beforePort = ((IPEndPoint)before.Client.LocalEndPoint!).Port;
        int afterPort = ((IPEndPoint)after.Client.LocalEndPoint!).Port;
        RtpPortAllocator allocator = RtpSessionPair.NewAllocator(1);
        await using var clock = new MediaClock();
        await using var session = new RtpSession(RtpSessionPair.Audio(beforePort), allocator.Allocate(), clock);
        CancellationToken token = TestTimeout.Token();
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task producer = SendSilenceAsync(session, sending.Token);

        Assert.Equal(0, (await before.ReceiveAsync(token)).Buffer[1] & 0x7F);
        session.UpdateRemote(RtpSessionPair.Audio(afterPort));
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, afterPort), session.Statistics.RtpTarget);
        Assert.Equal(0, (await after.ReceiveAsync(token)).Buffer[1] & 0x7F);

        // c=0.0.0.0 (RFC 2543 hold): nowhere to send.
        session.UpdateRemote(RtpSessionPair.Audio(afterPort, address: "0.0.0.0"));
        Assert.Null(session.Statistics.RtpTarget);
        await sending.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => producer);
    }

    [Fact]
    public async Task A_codec_or_payload_type_change_is_refused_and_changes_nothing()
    {
        RtpPortAllocator allocator = RtpSessionPair.NewAllocator(1);
        await using var clock = new MediaClock();
        await using var session = new RtpSession(RtpSessionPair.Audio(40000), allocator.Allocate(), clock);

        Assert.Throws<ArgumentException>(() => session.UpdateRemote(RtpSessionPair.Audio(41000, SdpCodec.Pcma)));
        Assert.Throws<ArgumentException>(() => session.UpdateRemote(RtpSessionPair.Audio(41000, eventPt: 96)));
        Assert.Throws<ArgumentException>(() => session.UpdateRemote(RtpSessionPair.Audio(41000, address: "pbx.example")));
        Assert.Throws<ArgumentNullException>(() => session.UpdateRemote(null!));
        Assert.Equal(40000, session.Statistics.RtpTarget!.Port);

        await session.DisposeAsync();
        Assert.Throws<ObjectDisposedException>(() => session.UpdateRemote(RtpSessionPair.Audio(41000)));
    }

    private static async Task SendSilenceAsync(RtpSession session, CancellationToken token)
    {
        for (long i = 0; ; i++)
        {
            await session.SendAsync(AudioFrame.Rent(8000, RtpSession.SamplesPerFrame, i * 160, DateTimeOffset.UnixEpoch), token);
        }
    }
}
