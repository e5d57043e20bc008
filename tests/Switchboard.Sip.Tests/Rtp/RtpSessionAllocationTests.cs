using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Audio.Frames;
using Switchboard.Sip.Rtp;

namespace Switchboard.Sip.Tests.Rtp;

/// <summary>
/// The per-frame echo path (datagram in → assembler → jitter buffer → decode → inbound queue → send queue → encode →
/// UDP send, plus periodic RTCP) must not allocate in steady state: at 500 calls every byte per frame is 25 kB/s of
/// garbage, and garbage is what brought the GC pauses that stretched packet spacing.
/// </summary>
public sealed class RtpSessionAllocationTests
{
    private const int WarmupFrames = 600;
    private const int MeasuredFrames = 1000;

    [Fact]
    public async Task The_echo_path_allocates_nothing_per_frame_in_steady_state()
    {
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        peer.ReceiveBufferSize = 1 << 20;
        var peerEndPoint = (IPEndPoint)peer.LocalEndPoint!;
        SocketAddress from = peerEndPoint.Serialize();
        var time = new FakeTimeProvider();

        // A period the test never reaches: the test thread runs every tick itself, so all the work is counted on it.
        await using var clock = new MediaClock(TimeSpan.FromDays(1), time);
        RtpPortAllocator allocator = RtpSessionPair.NewAllocator(2);
        await using var session = new RtpSession(
            RtpSessionPair.Audio(peerEndPoint.Port, remoteRtcpPort: peerEndPoint.Port),
            allocator.Allocate(),
            clock,
            new RtpSessionOptions { RtcpInterval = TimeSpan.FromSeconds(1) },
            time);
        IMediaClockParticipant participant = session;

        byte[] payload = new byte[RtpSession.SamplesPerFrame];
        for (int i = 0; i < payload.Length; i++)
        {
            payload[i] = (byte)(0x80 + (i % 32));
        }

        byte[] datagram = new byte[RtpPacket.FixedHeaderSize + payload.Length];
        long tick = 0;
        int echoed = 0;

        void RunFrames(int count)
        {
            for (int i = 0; i < count; i++)
            {
                tick++;
                new RtpPacket(tick == 1, 0, (ushort)tick, (uint)(tick * RtpSession.SamplesPerFrame), 0x1234_5678, payload).WriteTo(datagram);
                Assert.True(session.OnDatagram(datagram, from, rtcp: false));
                time.Advance(TimeSpan.FromMilliseconds(20));
                TimeSpan elapsed = TimeSpan.FromMilliseconds(20 * tick);
                participant.OnTick(tick, elapsed);
                participant.AfterTick(tick, elapsed);
                while (session.InboundFrames.TryRead(out AudioFrame frame))
                {
                    Assert.True(session.TrySend(frame));
                    echoed++;
                }
            }
        }

        RunFrames(WarmupFrames);
        long before = GC.GetAllocatedBytesForCurrentThread();
        RunFrames(MeasuredFrames);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The path really ran: frames came out of the jitter buffer and went back out, with RTCP on the way.
        Assert.True(echoed >= WarmupFrames + MeasuredFrames - 10, $"only {echoed} frames echoed");
        RtpSessionStatistics stats = session.Statistics;
        Assert.True(stats.PacketsSent >= WarmupFrames + MeasuredFrames - 1, $"only {stats.PacketsSent} packets sent");
        Assert.Equal(WarmupFrames + MeasuredFrames, stats.PacketsReceived);
        Assert.True(stats.RtcpSent >= (WarmupFrames + MeasuredFrames) / 50 - 1, $"only {stats.RtcpSent} RTCP reports sent");
        Assert.True(allocated == 0, $"{allocated} bytes allocated over {MeasuredFrames} frames ({(double)allocated / MeasuredFrames:F1} B/frame)");
    }
}
