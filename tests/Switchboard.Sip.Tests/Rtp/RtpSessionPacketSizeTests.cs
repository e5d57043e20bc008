using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Audio.Frames;
using Switchboard.Audio.G711;
using Switchboard.Sip.Rtp;

namespace Switchboard.Sip.Tests.Rtp;

public sealed class RtpSessionPacketSizeTests
{
    [Theory]
    [InlineData(30)]
    [InlineData(10)]
    [InlineData(60)]
    public async Task Packets_of_other_lengths_arrive_whole_and_in_order_as_20ms_frames(int ptimeMs)
    {
        int packetSamples = ptimeMs * 8;
        const int Packets = 40;
        int total = Packets * packetSamples;
        short[] pcm = new short[total];
        for (int i = 0; i < total; i++)
        {
            // A rising ramp that wraps: every sample differs from its neighbours, so a lost or repeated piece shows.
            pcm[i] = (short)(((i * 37) % 16000) - 8000);
        }

        byte[] payload = new byte[total];
        MuLaw.Encode(pcm, payload);
        short[] expected = new short[total];
        MuLaw.Decode(payload, expected);

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
        var target = new IPEndPoint(IPAddress.Loopback, session.LocalRtpPort);
        CancellationToken token = TestTimeout.Token();

        var received = new List<short>();
        var timestamps = new List<uint>();
        byte[] datagram = new byte[RtpPacket.FixedHeaderSize + packetSamples];
        const uint FirstTimestamp = 0xFFFF_FE00;
        int sent = 0;
        long ticks = 0;
        for (int ms = 0; ms <= (Packets * ptimeMs) + 400; ms += 10)
        {
            // Packet k holds the audio captured up to (k + 1) * ptime, so it leaves then.
            if (sent < Packets && ms == (sent + 1) * ptimeMs)
            {
                int length = Write(datagram, sent, FirstTimestamp + (uint)(sent * packetSamples), payload.AsSpan(sent * packetSamples, packetSamples));
                await peer.SendToAsync(datagram.AsMemory(0, length), SocketFlags.None, target, token);
                sent++;
                while (session.Statistics.PacketsReceived < sent)
                {
                    await Task.Delay(1, token);
                }
            }

            time.Advance(TimeSpan.FromMilliseconds(10));
            if ((ms + 10) % 20 == 0)
            {
                ticks++;
                while (clock.Ticks < ticks)
                {
                    await Task.Delay(1, token);
                }

                while (session.InboundFrames.TryRead(out AudioFrame frame))
                {
                    using (frame)
                    {
                        received.AddRange(frame.Samples.ToArray());
                        timestamps.Add((uint)frame.Timestamp);
                    }
                }
            }
        }

        // After the stream ends the buffer may conceal one frame; everything before is the peer's audio, whole.
        Assert.InRange(received.Count, total, total + 160);
        Assert.Equal(expected, received.Take(total).ToArray());
        Assert.Equal(FirstTimestamp, timestamps[0]);
        for (int i = 1; i < total / 160; i++)
        {
            Assert.Equal(timestamps[i - 1] + 160, timestamps[i]);
        }

        // Only the frame after the end of the stream may count as lost; no packet was ever late.
        Assert.InRange(session.JitterStatistics.Lost, 0, 1);
        Assert.Equal(0, session.JitterStatistics.Late);
    }

    private static int Write(byte[] datagram, int index, uint timestamp, ReadOnlySpan<byte> payload) =>
        new RtpPacket(index == 0, 0, (ushort)(60000 + index), timestamp, 0x1234_5678, payload).WriteTo(datagram);
}
