using Switchboard.Audio.Jitter;

namespace Switchboard.Audio.Tests.Jitter;

/// <summary>The constructor that stores payloads in caller-owned memory instead of renting an array per slot.</summary>
public sealed class JitterBufferStorageTests
{
    private const int Capacity = 64;
    private const int SlotSize = 160;

    [Fact]
    public void Payloads_that_fit_a_slot_live_in_the_given_storage_and_come_out_intact()
    {
        byte[] storage = new byte[Capacity * SlotSize];
        using var buffer = new JitterBuffer(null, storage);
        byte[] destination = new byte[1500];
        TimeSpan now = TimeSpan.Zero;
        int played = 0;

        // Twice round the ring, so every slot is reused.
        for (int seq = 0; seq < 3 * Capacity; seq++)
        {
            byte[] payload = Payload(seq, SlotSize);
            buffer.Put((ushort)seq, (uint)(seq * 160), now, payload);
            Assert.Equal(payload, storage.AsSpan((seq % Capacity) * SlotSize, SlotSize).ToArray());
            now += TimeSpan.FromMilliseconds(20);
            JitterBufferFrame frame = buffer.Pop(now, destination);
            if (frame.Outcome == JitterBufferOutcome.Packet)
            {
                Assert.Equal(Payload(frame.SequenceNumber, SlotSize), destination.AsSpan(0, frame.PayloadLength).ToArray());
                played++;
            }
        }

        Assert.True(played >= (3 * Capacity) - 4, $"only {played} packets played");
    }

    [Fact]
    public void A_payload_larger_than_a_slot_share_goes_to_an_array_of_its_own_and_the_storage_is_left_alone()
    {
        byte[] storage = new byte[Capacity * SlotSize];
        using var buffer = new JitterBuffer(null, storage);
        byte[] large = Payload(5, 400);
        buffer.Put(5, 800, TimeSpan.Zero, large);
        Assert.All(storage, b => Assert.Equal(0, b));

        byte[] destination = new byte[1500];
        JitterBufferFrame frame = buffer.Pop(TimeSpan.FromSeconds(1), destination);
        Assert.Equal(JitterBufferOutcome.Packet, frame.Outcome);
        Assert.Equal(large, destination.AsSpan(0, frame.PayloadLength).ToArray());

        // The slot keeps its own array for the next round: a small payload there does not land in the storage.
        buffer.Put(5 + Capacity, 800 + (Capacity * 160), TimeSpan.FromSeconds(1), Payload(7, 100));
        Assert.All(storage, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Storage_for_less_than_one_byte_per_slot_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new JitterBuffer(null, new byte[Capacity - 1]));
        using var empty = new JitterBuffer(null, Memory<byte>.Empty);
        empty.Put(1, 0, TimeSpan.Zero, [1, 2, 3]);
    }

    private static byte[] Payload(int seed, int length)
    {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++)
        {
            payload[i] = (byte)((seed * 31) + i + 1);
        }

        return payload;
    }
}
