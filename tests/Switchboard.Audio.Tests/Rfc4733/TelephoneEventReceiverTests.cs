using Switchboard.Audio.Rfc4733;

namespace Switchboard.Audio.Tests.Rfc4733;

public sealed class TelephoneEventReceiverTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(20);

    /// <summary>A packet as the RTP layer would hand it over.</summary>
    internal readonly record struct Wire(ushort Seq, uint Timestamp, byte[] Payload);

    internal static List<Wire> Encode(string digits, uint firstTimestamp, ushort firstSeq, int durationMs = 120)
    {
        var sender = new TelephoneEventSender();
        var wire = new List<Wire>();
        ushort seq = firstSeq;
        uint ts = firstTimestamp;
        foreach (char d in digits)
        {
            foreach (TelephoneEventPacket p in sender.CreatePackets(d, TimeSpan.FromMilliseconds(durationMs), ts))
            {
                var payload = new byte[4];
                p.Event.WriteTo(payload);
                wire.Add(new Wire(seq++, p.Timestamp, payload));
            }

            ts += (uint)(durationMs + 100) * 8;
        }

        return wire;
    }

    private static List<ReceivedTelephoneEvent> Feed(TelephoneEventReceiver receiver, IEnumerable<Wire> packets, ref TimeSpan now)
    {
        var got = new List<ReceivedTelephoneEvent>();
        foreach (Wire w in packets)
        {
            receiver.Receive(w.Seq, w.Timestamp, w.Payload, now);
            now += Step;
            while (receiver.TryReadDigit(out ReceivedTelephoneEvent d))
            {
                got.Add(d);
            }
        }

        return got;
    }

    private static string Digits(IEnumerable<ReceivedTelephoneEvent> events) => string.Concat(events.Select(e => e.Digit));

    [Fact]
    public void Reports_each_digit_once_at_its_end_packet_with_its_duration()
    {
        var receiver = new TelephoneEventReceiver();
        TimeSpan now = TimeSpan.Zero;
        List<ReceivedTelephoneEvent> got = Feed(receiver, Encode("12#", 1000, 10), ref now);

        Assert.Equal("12#", Digits(got));
        Assert.All(got, e => Assert.Equal(TimeSpan.FromMilliseconds(120), e.Duration));
        Assert.All(got, e => Assert.Equal(TelephoneEventEndReason.EndPacket, e.EndReason));
        Assert.Equal(1000u, got[0].Timestamp);
    }

    [Fact]
    public void Shows_the_active_digit_from_the_first_packet_until_it_is_reported()
    {
        var receiver = new TelephoneEventReceiver();
        List<Wire> wire = Encode("9", 0, 0);
        receiver.Receive(wire[0].Seq, wire[0].Timestamp, wire[0].Payload, TimeSpan.Zero);
        Assert.Equal('9', receiver.ActiveDigit);
        foreach (Wire w in wire.Skip(1))
        {
            receiver.Receive(w.Seq, w.Timestamp, w.Payload, TimeSpan.Zero);
        }

        Assert.Null(receiver.ActiveDigit);
    }

    [Fact]
    public void Ignores_repeats_of_every_packet()
    {
        var receiver = new TelephoneEventReceiver();
        TimeSpan now = TimeSpan.Zero;
        List<Wire> wire = Encode("555", 0, 65530);
        List<ReceivedTelephoneEvent> got = Feed(receiver, wire.SelectMany(w => new[] { w, w, w }), ref now);
        Assert.Equal("555", Digits(got));
    }

    [Fact]
    public void Handles_packets_reordered_within_and_across_events()
    {
        var receiver = new TelephoneEventReceiver();
        TimeSpan now = TimeSpan.Zero;
        List<Wire> wire = Encode("48", 0, 0);

        // Swap neighbours pairwise: an end packet overtakes an update, the next event's marker overtakes the
        // previous event's last end packet.
        var shuffled = new List<Wire>(wire);
        for (int i = 0; i + 1 < shuffled.Count; i += 2)
        {
            (shuffled[i], shuffled[i + 1]) = (shuffled[i + 1], shuffled[i]);
        }

        List<ReceivedTelephoneEvent> got = Feed(receiver, shuffled, ref now);
        Assert.Equal("48", Digits(got));
        Assert.Equal(TimeSpan.FromMilliseconds(120), got[0].Duration);
        Assert.True(receiver.ReorderedPackets > 0);
    }

    [Fact]
    public void A_new_timestamp_ends_an_event_whose_end_packets_were_all_lost()
    {
        var receiver = new TelephoneEventReceiver();
        TimeSpan now = TimeSpan.Zero;
        List<Wire> wire = Encode("36", 0, 0).Where(w => !(w.Timestamp == 0 && TelephoneEvent.Parse(w.Payload).End)).ToList();
        List<ReceivedTelephoneEvent> got = Feed(receiver, wire, ref now);

        Assert.Equal("36", Digits(got));
        Assert.Equal(TelephoneEventEndReason.NewEvent, got[0].EndReason);
        Assert.Equal(TimeSpan.FromMilliseconds(100), got[0].Duration);
    }

    [Fact]
    public void A_timeout_on_virtual_time_ends_an_event_whose_end_packets_were_all_lost()
    {
        var clock = new ManualTimeProvider();
        var receiver = new TelephoneEventReceiver(endTimeout: TimeSpan.FromMilliseconds(200), timeProvider: clock);
        foreach (Wire w in Encode("*", 0, 0).Where(w => !TelephoneEvent.Parse(w.Payload).End))
        {
            receiver.Receive(w.Seq, w.Timestamp, w.Payload);
            clock.Advance(TimeSpan.FromMilliseconds(50));
        }

        clock.Advance(TimeSpan.FromMilliseconds(100));
        receiver.Poll();
        Assert.False(receiver.TryReadDigit(out _));

        clock.Advance(TimeSpan.FromMilliseconds(60));
        receiver.Poll();
        Assert.True(receiver.TryReadDigit(out ReceivedTelephoneEvent d));
        Assert.Equal('*', d.Digit);
        Assert.Equal(TelephoneEventEndReason.Timeout, d.EndReason);

        // A late end packet of the same event must not report it again.
        var end = new byte[4];
        new TelephoneEvent(10, true, false, 10, 960).WriteTo(end);
        receiver.Receive(99, 0, end);
        Assert.False(receiver.TryReadDigit(out _));
        Assert.Equal(1, receiver.StalePackets);
    }

    [Fact]
    public void Ignores_stale_packets_of_an_earlier_event_and_unknown_events()
    {
        var receiver = new TelephoneEventReceiver();
        TimeSpan now = TimeSpan.Zero;
        List<Wire> wire = Encode("12", 0, 0);
        Feed(receiver, wire, ref now);
        long staleBefore = receiver.StalePackets;

        var unknown = new byte[4];
        new TelephoneEvent(32, false, false, 0, 160).WriteTo(unknown);
        receiver.Receive(100, 50_000, unknown, now);

        // Replay the first digit's packets: they are older than the current event.
        List<ReceivedTelephoneEvent> got = Feed(receiver, wire.Take(3), ref now);
        Assert.Empty(got);
        Assert.Equal(1, receiver.UnknownEventPackets);
        Assert.Equal(3, receiver.StalePackets - staleBefore);
    }

    [Fact]
    public void Survives_rtp_timestamp_wraparound()
    {
        var receiver = new TelephoneEventReceiver();
        TimeSpan now = TimeSpan.Zero;
        List<ReceivedTelephoneEvent> got = Feed(receiver, Encode("0D", 0xFFFFFF00, 65534), ref now);
        Assert.Equal("0D", Digits(got));
        Assert.Equal(0xFFFFFF00u, got[0].Timestamp);
    }

    [Fact]
    public void Bad_payloads_throw_our_format_exception_and_leave_state_alone()
    {
        var receiver = new TelephoneEventReceiver();
        Assert.Throws<TelephoneEventFormatException>(() => receiver.Receive(1, 0, new byte[3], TimeSpan.Zero));
        Assert.Throws<TelephoneEventFormatException>(() => receiver.Receive(1, 0, new byte[6], TimeSpan.Zero));
        Assert.Throws<InvalidOperationException>(() => receiver.Receive(1, 0, new byte[4]));
        Assert.Null(receiver.ActiveDigit);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TelephoneEventReceiver(clockRate: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TelephoneEventReceiver(endTimeout: TimeSpan.Zero));
    }
}
