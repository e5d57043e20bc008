using Switchboard.Audio.Jitter;
using Switchboard.Sip.Rtp;

namespace Switchboard.Sip.Tests.Rtp;

public sealed class RtpFrameAssemblerTests
{
    private const byte Silence = 0xFF;

    [Theory]
    [InlineData(80, 0)]
    [InlineData(160, 0)]
    [InlineData(240, 0)]
    [InlineData(320, 0)]
    [InlineData(480, 0)]
    [InlineData(100, 0)]
    [InlineData(7, 0)]
    [InlineData(1500, 0)]
    [InlineData(240, 3)]
    [InlineData(480, 19)]
    [InlineData(240, 20)]
    public void Every_sample_of_any_packet_size_comes_out_in_order_in_20ms_frames(int packetSamples, int arrivalDelayMs)
    {
        // Enough whole packets to fill whole frames, and at least two seconds.
        int unit = Lcm(packetSamples, RtpFrameAssembler.FrameSamples);
        int total = unit * (int)Math.Ceiling(16000.0 / unit);
        byte[] sent = Pattern(total);
        List<byte> received = Run(sent, packetSamples, arrivalDelayMs, skipPacket: -1, swapPacket: -1, out int concealed);

        Assert.Equal(0, concealed);
        Assert.Equal(sent, received.ToArray());
    }

    [Fact]
    public void Reordered_30ms_packets_still_come_out_in_order()
    {
        byte[] sent = Pattern(240 * 60);
        List<byte> received = Run(sent, 240, arrivalDelayMs: 0, skipPacket: -1, swapPacket: 20, out int concealed);
        Assert.Equal(0, concealed);
        Assert.Equal(sent, received.ToArray());
    }

    [Fact]
    public void A_lost_30ms_packet_costs_only_its_own_samples()
    {
        byte[] sent = Pattern(240 * 60);
        const int Lost = 21;
        var assembler = new RtpFrameAssembler(Silence);
        List<byte> received = Run(sent, 240, arrivalDelayMs: 0, skipPacket: Lost, swapPacket: -1, out int concealed, assembler);

        // Packet 21 covers samples 5040..5279: the second half of frame 31 and all of frame 32. Frame 31 goes out padded
        // with silence once packet 22 shows the gap, frame 32 is concealed by the jitter buffer (so it is absent from
        // the packets played); every other sample arrives, in order.
        Assert.InRange(concealed, 1, 2);
        Assert.Equal(1, assembler.PaddedFrames);
        byte[] expected = (byte[])sent.Clone();
        expected.AsSpan(5040, 80).Fill(Silence);
        Assert.Equal([.. expected.AsSpan(0, 5120), .. expected.AsSpan(5280)], received.ToArray());
    }

    [Fact]
    public void A_timestamp_jump_starts_a_new_grid_and_nothing_is_lost()
    {
        var assembler = new RtpFrameAssembler(Silence);
        using var jitter = new JitterBuffer();
        byte[] buffer = new byte[1500];
        var timestamps = new List<uint>();
        uint ts = 4_000_000_000;
        for (int i = 0; i < 20; i++)
        {
            // After ten packets the source restarts far away in timestamp space (and wraps past 2^32 before).
            uint packetTs = i < 10 ? ts + (uint)(i * 240) : 1234u + (uint)((i - 10) * 240);
            TimeSpan at = TimeSpan.FromMilliseconds(i * 30);
            assembler.Add(packetTs, Pattern(240), at, jitter);
            assembler.OnTick(at, jitter);
            JitterBufferFrame popped = jitter.Pop(at, buffer);
            if (popped.Outcome == JitterBufferOutcome.Packet)
            {
                timestamps.Add(popped.Timestamp);
            }
        }

        for (int i = 0; i < 20; i++)
        {
            TimeSpan at = TimeSpan.FromMilliseconds(600 + (i * 20));
            assembler.OnTick(at, jitter);
            JitterBufferFrame popped = jitter.Pop(at, buffer);
            if (popped.Outcome == JitterBufferOutcome.Packet)
            {
                timestamps.Add(popped.Timestamp);
            }
        }

        // 10 packets of 240 samples are 15 whole frames on each timeline.
        Assert.Equal(30, timestamps.Count);
        Assert.Equal(ts, timestamps[0]);
        Assert.Equal(ts + (14 * 160u), timestamps[14]);
        Assert.Equal(1234u, timestamps[15]);
        Assert.Equal(1234u + (14 * 160u), timestamps[29]);
    }

    private static List<byte> Run(byte[] sent, int packetSamples, int arrivalDelayMs, int skipPacket, int swapPacket, out int concealed, RtpFrameAssembler? assembler = null)
    {
        assembler ??= new RtpFrameAssembler(Silence);
        using var jitter = new JitterBuffer();
        byte[] buffer = new byte[1500];
        var received = new List<byte>();
        concealed = 0;
        int packets = sent.Length / packetSamples;
        const uint Base = 0xFFFF_F000; // wraps within the first second
        int next = 0;

        // Virtual time in 1/8 ms (one sample); packets arrive when their last sample was captured plus the delay, ticks every 20 ms.
        long end = ((long)packets * packetSamples) + (arrivalDelayMs * 8) + (40 * 160);
        for (long t = 0; t <= end; t++)
        {
            TimeSpan now = TimeSpan.FromTicks(t * TimeSpan.TicksPerMillisecond / 8);

            // The tick first, so a packet due at the same instant misses it: the worst case for the buffer.
            if (t % 160 == 0)
            {
                assembler.OnTick(now, jitter);
                JitterBufferFrame popped = jitter.Pop(now, buffer);
                if (popped.Outcome == JitterBufferOutcome.Packet)
                {
                    received.AddRange(buffer.AsSpan(0, popped.PayloadLength).ToArray());
                }
                else if (popped.Outcome == JitterBufferOutcome.Conceal && received.Count < sent.Length)
                {
                    concealed++;
                }
            }

            while (next < packets && ((long)(next + 1) * packetSamples) + (arrivalDelayMs * 8) <= t)
            {
                int index = swapPacket < 0 ? next : next == swapPacket ? next + 1 : next == swapPacket + 1 ? next - 1 : next;
                if (index != skipPacket)
                {
                    uint ts = Base + (uint)(index * packetSamples);
                    assembler.Add(ts, sent.AsSpan(index * packetSamples, packetSamples), now, jitter);
                }

                next++;
            }
        }

        return received;
    }

    private static byte[] Pattern(int length)
    {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)((i * 7) % 251);
        }

        return bytes;
    }

    private static int Lcm(int a, int b)
    {
        int x = a;
        int y = b;
        while (y != 0)
        {
            (x, y) = (y, x % y);
        }

        return a / x * b;
    }
}
