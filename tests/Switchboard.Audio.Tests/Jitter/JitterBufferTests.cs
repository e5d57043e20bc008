using Switchboard.Audio.Jitter;

namespace Switchboard.Audio.Tests.Jitter;

public sealed class JitterBufferTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void A_clean_network_plays_every_packet_in_order_at_minimum_depth()
    {
        using var buffer = new JitterBuffer();
        var net = new NetworkSimulation(500);
        net.SendAll(_ => 5 * Ms);
        JitterBufferStatistics stats = net.Run(buffer);

        Assert.Equal(Enumerable.Range(0, 500), net.Played);
        Assert.Equal(500, stats.Received);
        Assert.Equal(0, stats.Lost + stats.Late + stats.Duplicate + stats.Reordered + stats.Concealed);
        Assert.Equal(0.0, stats.JitterMilliseconds, 3);
        Assert.Equal(0, stats.Underruns);
        Assert.Equal(TimeSpan.FromMilliseconds(20), stats.TargetDepth);
    }

    [Fact]
    public void Reordered_packets_come_out_in_sequence()
    {
        using var buffer = new JitterBuffer();
        var net = new NetworkSimulation(200);

        // Every 10th packet is overtaken by the next one.
        net.SendAll(i => i % 10 == 3 ? 30 * Ms : 5 * Ms);
        JitterBufferStatistics stats = net.Run(buffer);

        Assert.Equal(Enumerable.Range(0, 200), net.Played);
        Assert.Equal(20, stats.Reordered);
        Assert.Equal(0, stats.Lost);
    }

    [Fact]
    public void Duplicates_are_dropped_whether_buffered_or_already_played()
    {
        using var buffer = new JitterBuffer();
        var net = new NetworkSimulation(100);
        net.SendAll(_ => 5 * Ms);
        for (int i = 0; i < 100; i += 7)
        {
            net.Send(i, 6 * Ms);
            net.Send(i, 200 * Ms);
        }

        JitterBufferStatistics stats = net.Run(buffer);
        Assert.Equal(Enumerable.Range(0, 100), net.Played);
        Assert.Equal(2 * 15, stats.Duplicate);
        Assert.Equal(0, stats.Late);
    }

    [Fact]
    public void A_single_lost_frame_is_concealed_and_playout_continues()
    {
        using var buffer = new JitterBuffer();
        var net = new NetworkSimulation(100);
        net.SendAll(i => i == 50 ? null : 5 * Ms);
        JitterBufferStatistics stats = net.Run(buffer);

        Assert.Equal(Enumerable.Range(0, 100).Where(i => i != 50), net.Played);
        JitterBufferFrame conceal = Assert.Single(net.Frames, f => f.Outcome == JitterBufferOutcome.Conceal);
        Assert.Equal((ushort)1050, conceal.SequenceNumber);
        Assert.Equal(50u * 160, conceal.Timestamp);
        Assert.Equal(1, stats.Lost);
        Assert.Equal(1, stats.Concealed);
    }

    [Fact]
    public void A_burst_loss_conceals_the_first_frame_then_reports_empty()
    {
        using var buffer = new JitterBuffer();
        var net = new NetworkSimulation(100);
        net.SendAll(i => i is >= 40 and < 43 ? null : 5 * Ms);
        JitterBufferStatistics stats = net.Run(buffer);

        int first = net.Frames.FindIndex(f => f.SequenceNumber == 1040 && f.Outcome != JitterBufferOutcome.Packet);
        int resume = net.Frames.FindIndex(f => f.SequenceNumber == 1043);
        Assert.Equal(JitterBufferOutcome.Conceal, net.Frames[first].Outcome);
        Assert.True(resume > first + 1);
        Assert.All(net.Frames.Skip(first + 1).Take(resume - first - 1), f => Assert.Equal(JitterBufferOutcome.Empty, f.Outcome));
        Assert.Equal(JitterBufferOutcome.Packet, net.Frames[resume].Outcome);
        Assert.Equal(3, stats.Lost);
        Assert.Equal(1, stats.Concealed);
    }

    [Fact]
    public void A_packet_arriving_after_its_playout_time_is_counted_late_and_dropped()
    {
        using var buffer = new JitterBuffer(new JitterBufferOptions { InitialDelay = TimeSpan.FromMilliseconds(20), MinDelay = TimeSpan.FromMilliseconds(20) });
        var net = new NetworkSimulation(100);
        net.SendAll(i => i == 60 ? 150 * Ms : 5 * Ms);
        JitterBufferStatistics stats = net.Run(buffer);

        Assert.DoesNotContain(60, net.Played);
        Assert.Contains(net.Frames, f => f.SequenceNumber == 1060 && f.Outcome == JitterBufferOutcome.Conceal);
        Assert.Equal(1, stats.Late);
        Assert.Equal(0, stats.Lost);
    }

    [Fact]
    public void Sequence_numbers_and_timestamps_wrap_around()
    {
        using var buffer = new JitterBuffer();
        var net = new NetworkSimulation(300, firstSeq: 65436, firstTimestamp: uint.MaxValue - (100 * 160) + 1);
        net.SendAll(i => (i % 5 == 0 ? 25 : 5) * Ms);
        JitterBufferStatistics stats = net.Run(buffer);

        Assert.Equal(Enumerable.Range(0, 300), net.Played);
        Assert.Equal(0, stats.Lost + stats.Late);
        Assert.Contains(net.Frames, f => f.SequenceNumber == 0 && f.Outcome == JitterBufferOutcome.Packet);
    }

    [Fact]
    public void Adapts_its_depth_to_jitter_and_keeps_late_packets_rare()
    {
        var random = new Random(3550);
        using var buffer = new JitterBuffer();
        var net = new NetworkSimulation(3000);

        // Delay uniformly spread over 0–80 ms: RFC 3550 jitter of such a path is about 80/3 ms.
        net.SendAll(_ => random.Next(0, 80) * Ms);
        JitterBufferStatistics stats = net.Run(buffer);

        Assert.InRange(stats.JitterMilliseconds, 15, 40);
        Assert.True(stats.TargetDepth >= TimeSpan.FromMilliseconds(80), $"target {stats.TargetDepth}");
        Assert.True(stats.Late < 3000 * 0.02, $"late {stats.Late}");
        AssertPlayedInOrderOnce(net.Played);
    }

    [Fact]
    public void Shrinks_back_when_the_network_calms_down()
    {
        var random = new Random(7);
        using var buffer = new JitterBuffer();
        var net = new NetworkSimulation(3000);
        net.SendAll(i => (i < 1000 ? random.Next(0, 150) : 2) * Ms);
        JitterBufferStatistics stats = net.Run(buffer);

        Assert.True(stats.Dropped > 0, "never shrank");
        Assert.True(stats.CurrentDepth <= TimeSpan.FromMilliseconds(60), $"depth {stats.CurrentDepth}");
        Assert.Equal(TimeSpan.FromMilliseconds(20), stats.TargetDepth);
        AssertPlayedInOrderOnce(net.Played);
    }

    [Fact]
    public void A_bad_network_keeps_every_packet_accounted_for()
    {
        var random = new Random(42);
        using var buffer = new JitterBuffer();
        var net = new NetworkSimulation(5000, firstSeq: 60000);
        int sent = 0;
        for (int i = 0; i < 5000; i++)
        {
            if (random.Next(100) < 5)
            {
                continue;
            }

            sent++;
            net.Send(i, random.Next(0, 120) * Ms);
            if (random.Next(100) < 3)
            {
                net.Send(i, random.Next(0, 300) * Ms);
            }
        }

        JitterBufferStatistics stats = net.Run(buffer);
        AssertPlayedInOrderOnce(net.Played);
        Assert.Equal(sent, stats.Received + stats.Late);
        Assert.Equal(net.Played.Count + stats.Dropped, stats.Received);
        Assert.True(stats.Duplicate > 0);
        Assert.True(stats.Concealed > 0);
        Assert.True(stats.Lost >= 5000 * 0.04, $"lost {stats.Lost}");
    }

    [Fact]
    public void Does_not_allocate_per_packet_after_warm_up()
    {
        using var buffer = new JitterBuffer();
        var payload = new byte[160];
        var destination = new byte[160];
        TimeSpan now = TimeSpan.Zero;
        for (int i = 0; i < 200; i++)
        {
            buffer.Put((ushort)i, (uint)i * 160, now, payload);
            buffer.Pop(now, destination);
            now += NetworkSimulation.Frame;
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 200; i < 2200; i++)
        {
            buffer.Put((ushort)i, (uint)i * 160, now, payload);
            buffer.Pop(now, destination);
            now += NetworkSimulation.Frame;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_sequence_jump_resynchronises()
    {
        using var buffer = new JitterBuffer();
        var destination = new byte[16];
        TimeSpan now = TimeSpan.Zero;
        for (int i = 0; i < 20; i++)
        {
            buffer.Put((ushort)i, (uint)i * 160, now, [1]);
            buffer.Pop(now, destination);
            now += NetworkSimulation.Frame;
        }

        Assert.Equal(JitterBufferPutResult.Resynchronized, buffer.Put(30000, 5_000_000, now, [2]));
        Assert.Equal(1, buffer.Statistics.Resynchronizations);

        // A straggler from the old stream does not throw the new one away.
        Assert.Equal(JitterBufferPutResult.Late, buffer.Put(20, 20 * 160, now, [1]));
        Assert.Equal(1, buffer.Statistics.Resynchronizations);
        JitterBufferFrame frame = default;
        for (int i = 0; i < 10 && frame.Outcome != JitterBufferOutcome.Packet; i++)
        {
            now += NetworkSimulation.Frame;
            frame = buffer.Pop(now, destination);
        }

        Assert.Equal((ushort)30000, frame.SequenceNumber);
    }

    [Fact]
    public void Validates_arguments_and_options()
    {
        using var buffer = new JitterBuffer(new JitterBufferOptions { MaxPayloadSize = 10 });
        Assert.Throws<ArgumentException>(() => buffer.Put(1, 0, TimeSpan.Zero, new byte[11]));
        buffer.Put(1, 0, TimeSpan.Zero, new byte[10]);
        Assert.Throws<ArgumentException>(() => buffer.Pop(TimeSpan.FromSeconds(1), new byte[5]));
        Assert.Equal(JitterBufferOutcome.Packet, buffer.Pop(TimeSpan.FromSeconds(1), new byte[10]).Outcome);

        Assert.Throws<ArgumentOutOfRangeException>(() => new JitterBuffer(new JitterBufferOptions { Capacity = 48 }));
        Assert.Throws<ArgumentException>(() => new JitterBuffer(new JitterBufferOptions { MinDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(50) }));
        Assert.Throws<ArgumentException>(() => new JitterBuffer(new JitterBufferOptions { Capacity = 8 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new JitterBuffer(new JitterBufferOptions { FrameDuration = TimeSpan.Zero }));

        var disposed = new JitterBuffer();
        disposed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => disposed.Put(1, 0, TimeSpan.Zero, [1]));
    }

    private static void AssertPlayedInOrderOnce(List<int> played)
    {
        for (int i = 1; i < played.Count; i++)
        {
            Assert.True(played[i] > played[i - 1], $"out of order at {i}: {played[i - 1]} then {played[i]}");
        }
    }
}
