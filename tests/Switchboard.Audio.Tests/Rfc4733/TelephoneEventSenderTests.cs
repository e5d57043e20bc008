using Switchboard.Audio.Rfc4733;

namespace Switchboard.Audio.Tests.Rfc4733;

public sealed class TelephoneEventSenderTests
{
    [Fact]
    public void Sends_marker_first_then_50_ms_updates_then_three_end_packets_all_on_one_timestamp()
    {
        TelephoneEventPacket[] packets = new TelephoneEventSender().CreatePackets('7', TimeSpan.FromMilliseconds(200), 123456);

        Assert.Equal(6, packets.Length);
        Assert.All(packets, p => Assert.Equal(123456u, p.Timestamp));
        Assert.All(packets, p => Assert.Equal(7, p.Event.EventCode));
        Assert.Equal([true, false, false, false, false, false], packets.Select(p => p.Marker));
        Assert.Equal(new ushort[] { 400, 800, 1200, 1600, 1600, 1600 }, packets.Select(p => p.Event.Duration));
        Assert.Equal([false, false, false, true, true, true], packets.Select(p => p.Event.End));
        Assert.Equal(new[] { 50, 100, 150, 200, 200, 200 }, packets.Select(p => (int)p.SendOffset.TotalMilliseconds));
        Assert.All(packets, p => Assert.Equal(10, p.Event.Volume));
    }

    [Fact]
    public void An_event_shorter_than_one_interval_is_opened_by_its_first_end_packet()
    {
        TelephoneEventPacket[] packets = new TelephoneEventSender(endRepeats: 2).CreatePackets('#', TimeSpan.FromMilliseconds(30), 9);
        Assert.Equal(2, packets.Length);
        Assert.True(packets[0].Marker);
        Assert.False(packets[1].Marker);
        Assert.All(packets, p => Assert.True(p.Event.End));
        Assert.All(packets, p => Assert.Equal(240, p.Event.Duration));
    }

    [Fact]
    public void Honours_clock_rate_and_interval()
    {
        var sender = new TelephoneEventSender(clockRate: 16000, updateInterval: TimeSpan.FromMilliseconds(20));
        TelephoneEventPacket[] packets = sender.CreatePackets('1', TimeSpan.FromMilliseconds(100), 0);
        Assert.Equal(new ushort[] { 320, 640, 960, 1280, 1600, 1600, 1600 }, packets.Select(p => p.Event.Duration));
    }

    [Fact]
    public void Validates_its_arguments()
    {
        var sender = new TelephoneEventSender();
        Assert.Throws<ArgumentOutOfRangeException>(() => sender.CreatePackets('1', TimeSpan.Zero, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sender.CreatePackets('1', TimeSpan.FromSeconds(9), 0));
        Assert.Throws<ArgumentException>(() => sender.CreatePackets('x', TimeSpan.FromMilliseconds(100), 0));
        Assert.Throws<ArgumentException>(() => sender.WritePackets(1, TimeSpan.FromMilliseconds(100), 0, new TelephoneEventPacket[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TelephoneEventSender(volume: 64));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TelephoneEventSender(endRepeats: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TelephoneEventSender(clockRate: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TelephoneEventSender(updateInterval: TimeSpan.Zero));
    }
}
