using Switchboard.Audio.Rfc4733;
using static Switchboard.Audio.Tests.Rfc4733.TelephoneEventReceiverTests;

namespace Switchboard.Audio.Tests.Rfc4733;

public sealed class TelephoneEventFuzzTests
{
    private const string Keys = "0123456789*#ABCD";

    [Fact]
    public void Mutated_payloads_and_packet_streams_raise_only_documented_errors()
    {
        var random = new Random(4733);
        long fed = 0;
        int formatErrors = 0;
        for (int round = 0; round < 2_000; round++)
        {
            var receiver = new TelephoneEventReceiver();
            List<Wire> wire = Encode(RandomDigits(random, 4), (uint)random.Next(), (ushort)random.Next(65536));
            TimeSpan now = TimeSpan.Zero;
            for (int i = 0; i < 60; i++)
            {
                Wire w = wire[random.Next(wire.Count)];
                byte[] payload = Mutate(w.Payload, random);
                uint ts = random.Next(4) == 0 ? (uint)random.Next() : w.Timestamp;
                ushort seq = random.Next(4) == 0 ? (ushort)random.Next(65536) : w.Seq;
                now += TimeSpan.FromMilliseconds(random.Next(0, 300));
                try
                {
                    receiver.Receive(seq, ts, payload, now);
                }
                catch (TelephoneEventFormatException)
                {
                    formatErrors++;
                }

                fed++;
                while (receiver.TryReadDigit(out ReceivedTelephoneEvent d))
                {
                    Assert.Contains(d.Digit, Keys);
                    Assert.True(d.Duration >= TimeSpan.Zero);
                }
            }
        }

        Assert.True(fed >= 100_000, $"only {fed} packets fed");
        Assert.True(formatErrors > 0, "the mutations never produced a malformed payload");
    }

    [Fact]
    public void Lossy_duplicated_streams_report_every_surviving_event_exactly_once_in_order()
    {
        var random = new Random(2833);
        for (int round = 0; round < 3_000; round++)
        {
            string digits = RandomDigits(random, 5);
            List<Wire> wire = Encode(digits, (uint)random.Next(), (ushort)random.Next(65536));
            var received = new List<Wire>();
            foreach (Wire w in wire)
            {
                int copies = random.Next(10) switch { 0 or 1 => 0, 2 => 2, _ => 1 };
                for (int c = 0; c < copies; c++)
                {
                    received.Add(w);
                }
            }

            // Local reordering: swap some neighbours.
            for (int i = 0; i + 1 < received.Count; i++)
            {
                if (random.Next(8) == 0 && received[i].Timestamp == received[i + 1].Timestamp)
                {
                    (received[i], received[i + 1]) = (received[i + 1], received[i]);
                }
            }

            var receiver = new TelephoneEventReceiver();
            TimeSpan now = TimeSpan.Zero;
            var got = new List<ReceivedTelephoneEvent>();
            foreach (Wire w in received)
            {
                receiver.Receive(w.Seq, w.Timestamp, w.Payload, now);
                now += TimeSpan.FromMilliseconds(20);
            }

            receiver.Poll(now + TimeSpan.FromSeconds(1));
            while (receiver.TryReadDigit(out ReceivedTelephoneEvent d))
            {
                got.Add(d);
            }

            string expected = string.Concat(wire.GroupBy(w => w.Timestamp)
                .Where(g => received.Any(r => r.Timestamp == g.Key))
                .Select(g => Keys[TelephoneEvent.Parse(g.First().Payload).EventCode]));
            Assert.Equal(expected, string.Concat(got.Select(d => d.Digit)));
            Assert.Equal(got.Count, got.Select(d => d.Timestamp).Distinct().Count());
        }
    }

    private static string RandomDigits(Random random, int count)
    {
        var chars = new char[count];
        for (int i = 0; i < count; i++)
        {
            chars[i] = Keys[random.Next(Keys.Length)];
        }

        return new string(chars);
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        switch (random.Next(5))
        {
            case 0:
                return original[..random.Next(original.Length)];
            case 1:
                byte[] longer = new byte[original.Length + random.Next(1, 9)];
                random.NextBytes(longer);
                original.CopyTo(longer, 0);
                return longer;
            case 2:
                byte[] flipped = (byte[])original.Clone();
                flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
                return flipped;
            case 3:
                byte[] noise = new byte[4];
                random.NextBytes(noise);
                return noise;
            default:
                return original;
        }
    }
}
