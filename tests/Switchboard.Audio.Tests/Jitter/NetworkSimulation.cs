using Switchboard.Audio.Jitter;

namespace Switchboard.Audio.Tests.Jitter;

/// <summary>
/// A simulated RTP path on virtual time: packet i is sent at i × 20 ms and arrives after a per-packet delay (or
/// not at all, or twice); the receiver pops every 20 ms. Each payload carries its send index so playout can be checked.
/// </summary>
internal sealed class NetworkSimulation
{
    public static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(20);

    private readonly List<(TimeSpan Arrival, int Index)> _arrivals = [];

    public NetworkSimulation(int packets, ushort firstSeq = 1000, uint firstTimestamp = 0)
    {
        Packets = packets;
        FirstSeq = firstSeq;
        FirstTimestamp = firstTimestamp;
    }

    public int Packets { get; }

    public ushort FirstSeq { get; }

    public uint FirstTimestamp { get; }

    public List<int> Played { get; } = [];

    public List<JitterBufferFrame> Frames { get; } = [];

    public void Send(int index, TimeSpan delay) => _arrivals.Add((Frame * index + delay, index));

    public void SendAll(Func<int, TimeSpan?> delayOf)
    {
        for (int i = 0; i < Packets; i++)
        {
            if (delayOf(i) is { } delay)
            {
                Send(i, delay);
            }
        }
    }

    public JitterBufferStatistics Run(JitterBuffer buffer, TimeSpan? extra = null)
    {
        var ordered = _arrivals.OrderBy(a => a.Arrival).ThenBy(a => a.Index).ToList();
        int next = 0;
        var payload = new byte[4];
        var destination = new byte[64];
        TimeSpan end = Frame * Packets + (extra ?? TimeSpan.FromSeconds(1));
        for (TimeSpan now = Frame / 2; now < end; now += Frame)
        {
            while (next < ordered.Count && ordered[next].Arrival <= now)
            {
                int index = ordered[next].Index;
                BitConverter.TryWriteBytes(payload, index);
                buffer.Put((ushort)(FirstSeq + index), FirstTimestamp + ((uint)index * 160), ordered[next].Arrival, payload);
                next++;
            }

            JitterBufferFrame frame = buffer.Pop(now, destination);
            Frames.Add(frame);
            if (frame.Outcome == JitterBufferOutcome.Packet)
            {
                Assert.Equal(4, frame.PayloadLength);
                int index = BitConverter.ToInt32(destination, 0);
                Assert.Equal((ushort)(FirstSeq + index), frame.SequenceNumber);
                Assert.Equal(FirstTimestamp + ((uint)index * 160), frame.Timestamp);
                Played.Add(index);
            }

            // Stop once everything sent has been delivered and played out: popping on would only report the end
            // of the stream (one presumed-lost frame, then an underrun).
            if (next == ordered.Count && buffer.Statistics.CurrentDepth <= TimeSpan.Zero)
            {
                break;
            }
        }

        return buffer.Statistics;
    }
}
