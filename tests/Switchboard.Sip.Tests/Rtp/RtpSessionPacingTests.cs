using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Sip.Rtp;

namespace Switchboard.Sip.Tests.Rtp;

public sealed class RtpSessionPacingTests
{
    [Fact]
    public async Task On_virtual_time_each_tick_sends_one_packet_with_seq_plus_one_and_timestamp_plus_160()
    {
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int peerPort = ((IPEndPoint)peer.LocalEndPoint!).Port;
        var time = new FakeTimeProvider();
        await using var clock = new MediaClock(timeProvider: time);
        RtpPortAllocator allocator = RtpSessionPair.NewAllocator(2);
        await using var session = new RtpSession(
            RtpSessionPair.Audio(peerPort, remoteRtcpPort: peerPort),
            allocator.Allocate(),
            clock,
            new RtpSessionOptions { RtcpInterval = TimeSpan.FromSeconds(60) },
            time);

        byte[] buffer = new byte[2048];
        ushort previousSeq = 0;
        uint previousTs = 0;
        for (int i = 0; i < 50; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(20));
            int n = await peer.ReceiveAsync(buffer, SocketFlags.None, TestTimeout.Token());
            RtpPacket p = RtpPacket.Parse(buffer.AsSpan(0, n));
            Assert.Equal(session.Ssrc, p.Ssrc);
            Assert.Equal(0, p.PayloadType);
            Assert.Equal(160, p.Payload.Length);
            Assert.Equal(i == 0, p.Marker);
            if (i > 0)
            {
                Assert.Equal((ushort)(previousSeq + 1), p.SequenceNumber);
                Assert.Equal(previousTs + 160, p.Timestamp);
            }

            previousSeq = p.SequenceNumber;
            previousTs = p.Timestamp;
        }

        Assert.Equal(50, session.Statistics.PacketsSent);
        Assert.Equal(0, peer.Available);
    }

    [Fact]
    public async Task A_tick_sends_while_a_socket_loop_holds_the_receive_lock()
    {
        // A socket receive loop preempted under load while holding the session's lock used to hold up the clock's
        // send for that call and every call after it in the tick (pauses of several ms inside ticks at 250 SIP calls).
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int peerPort = ((IPEndPoint)peer.LocalEndPoint!).Port;
        var time = new FakeTimeProvider();
        await using var clock = new MediaClock(timeProvider: time);
        RtpPortAllocator allocator = RtpSessionPair.NewAllocator(2);
        await using var session = new RtpSession(
            RtpSessionPair.Audio(peerPort, remoteRtcpPort: peerPort),
            allocator.Allocate(),
            clock,
            new RtpSessionOptions { RtcpInterval = TimeSpan.FromSeconds(60) },
            time);

        using var held = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var holder = new Thread(() =>
        {
            using (session.ReceiveLock.EnterScope())
            {
                held.Set();
                release.Wait(TimeSpan.FromSeconds(60));
            }
        });
        holder.Start();
        Task advancing = Task.CompletedTask;
        try
        {
            Assert.True(held.Wait(TimeSpan.FromSeconds(30)));

            // The tick may run inline in Advance and then wait for the lock in its receive step: not on this thread.
            advancing = Task.Run(() => time.Advance(TimeSpan.FromMilliseconds(20)));
            byte[] buffer = new byte[2048];
            int n = await peer.ReceiveAsync(buffer, SocketFlags.None, TestTimeout.Token());
            Assert.Equal(session.Ssrc, RtpPacket.Parse(buffer.AsSpan(0, n)).Ssrc);
            Assert.False(release.IsSet);
        }
        finally
        {
            release.Set();
            holder.Join(TimeSpan.FromSeconds(30));
            await advancing;
        }
    }

    [Theory]
    [InlineData(40, 2)]
    [InlineData(60, 3)]
    [InlineData(30, 1)]
    [InlineData(10, 1)]
    public async Task The_peers_ptime_is_honoured_when_it_is_a_multiple_of_20ms(int ptime, int framesPerPacket)
    {
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int peerPort = ((IPEndPoint)peer.LocalEndPoint!).Port;
        var time = new FakeTimeProvider();
        await using var clock = new MediaClock(timeProvider: time);
        RtpPortAllocator allocator = RtpSessionPair.NewAllocator(2);
        await using var session = new RtpSession(
            RtpSessionPair.Audio(peerPort, remoteRtcpPort: peerPort) with { Ptime = ptime },
            allocator.Allocate(),
            clock,
            new RtpSessionOptions { RtcpInterval = TimeSpan.FromSeconds(60) },
            time);

        byte[] buffer = new byte[2048];
        ushort previousSeq = 0;
        uint previousTs = 0;
        for (int i = 0; i < 10; i++)
        {
            // One 20 ms step at a time, each tick run before the next: an advance past two periods coalesces them.
            for (int f = 0; f < framesPerPacket; f++)
            {
                long ticks = clock.Ticks;
                time.Advance(TimeSpan.FromMilliseconds(20));
                while (clock.Ticks == ticks)
                {
                    await Task.Delay(1, TestTimeout.Token());
                }
            }

            int n = await peer.ReceiveAsync(buffer, SocketFlags.None, TestTimeout.Token());
            RtpPacket p = RtpPacket.Parse(buffer.AsSpan(0, n));
            Assert.Equal(160 * framesPerPacket, p.Payload.Length);
            Assert.Equal(i == 0, p.Marker);
            if (i > 0)
            {
                Assert.Equal((ushort)(previousSeq + 1), p.SequenceNumber);
                Assert.Equal(previousTs + (160u * (uint)framesPerPacket), p.Timestamp);
            }

            previousSeq = p.SequenceNumber;
            previousTs = p.Timestamp;
        }

        Assert.Equal(10, session.Statistics.PacketsSent);
        Assert.Equal(0, peer.Available);
    }
}
