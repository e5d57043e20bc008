namespace Switchboard.Audio.Rfc4733;

/// <summary>
/// Produces the RFC 4733 packet sequence for one digit: a first packet with the RTP marker bit, an update every
/// interval (50 ms by default) carrying the duration so far, and the final packet with the E bit sent three times.
/// Every packet of the event carries the event's start timestamp.
/// </summary>
/// <remarks>Immutable after construction; thread-safe. <see cref="WritePackets"/> does not allocate.</remarks>
public sealed class TelephoneEventSender
{
    private readonly uint _intervalUnits;

    /// <summary>Creates a sender.</summary>
    /// <param name="clockRate">RTP clock rate of the telephone-event payload type (8000 for narrowband).</param>
    /// <param name="updateInterval">Time between packets while the key is held; 50 ms if null.</param>
    /// <param name="endRepeats">How many times the end packet is sent (RFC 4733 recommends 3).</param>
    /// <param name="volume">Volume field, as −dBm0 (0–63).</param>
    /// <exception cref="ArgumentOutOfRangeException">Any argument outside its range.</exception>
    public TelephoneEventSender(int clockRate = 8000, TimeSpan? updateInterval = null, int endRepeats = 3, byte volume = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(endRepeats, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(volume, TelephoneEvent.MaxVolume);
        TimeSpan interval = updateInterval ?? TimeSpan.FromMilliseconds(50);
        double units = Math.Round(interval.TotalSeconds * clockRate);
        if (units < 1 || units > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(updateInterval), interval, "The update interval must be at least one timestamp unit and fit the 16-bit duration field.");
        }

        ClockRate = clockRate;
        UpdateInterval = interval;
        EndRepeats = endRepeats;
        Volume = volume;
        _intervalUnits = (uint)units;
    }

    /// <summary>RTP clock rate.</summary>
    public int ClockRate { get; }

    /// <summary>Time between update packets.</summary>
    public TimeSpan UpdateInterval { get; }

    /// <summary>Number of end packets.</summary>
    public int EndRepeats { get; }

    /// <summary>Volume field of every packet.</summary>
    public byte Volume { get; }

    /// <summary>Number of packets <see cref="WritePackets"/> produces for <paramref name="duration"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Duration not positive, or longer than the 16-bit duration field can hold.</exception>
    public int GetPacketCount(TimeSpan duration)
    {
        uint units = ToUnits(duration);
        return UpdateCount(units) + EndRepeats;
    }

    /// <summary>
    /// Writes the packets for one event into <paramref name="destination"/> in send order and returns how many were
    /// written. Sequence numbers are for the RTP layer to assign.
    /// </summary>
    /// <param name="eventCode">RFC 4733 event code (see <see cref="TelephoneEvent.GetEventCode"/>).</param>
    /// <param name="duration">How long the key is held.</param>
    /// <param name="timestamp">RTP timestamp of the event's start.</param>
    /// <param name="destination">Receives the packets; at least <see cref="GetPacketCount"/> long.</param>
    /// <exception cref="ArgumentOutOfRangeException">Duration not positive or too long for one event.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public int WritePackets(byte eventCode, TimeSpan duration, uint timestamp, Span<TelephoneEventPacket> destination)
    {
        uint units = ToUnits(duration);
        int updates = UpdateCount(units);
        int total = updates + EndRepeats;
        if (destination.Length < total)
        {
            throw new ArgumentException($"The destination needs {total} packets; got {destination.Length}.", nameof(destination));
        }

        int n = 0;
        for (int k = 1; k <= updates; k++)
        {
            uint elapsed = (uint)k * _intervalUnits;
            destination[n++] = new TelephoneEventPacket(k == 1, timestamp, UnitsToTime(elapsed), new TelephoneEvent(eventCode, false, false, Volume, (ushort)elapsed));
        }

        for (int r = 0; r < EndRepeats; r++)
        {
            // An event shorter than one interval has no update packets, so its first end packet opens it.
            destination[n++] = new TelephoneEventPacket(updates == 0 && r == 0, timestamp, UnitsToTime(units), new TelephoneEvent(eventCode, true, false, Volume, (ushort)units));
        }

        return n;
    }

    /// <summary>Convenience form of <see cref="WritePackets"/> for a keypad character; allocates the result.</summary>
    /// <exception cref="ArgumentException"><paramref name="digit"/> is not a DTMF character.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Duration not positive or too long for one event.</exception>
    public TelephoneEventPacket[] CreatePackets(char digit, TimeSpan duration, uint timestamp)
    {
        byte code = TelephoneEvent.GetEventCode(digit);
        var packets = new TelephoneEventPacket[GetPacketCount(duration)];
        WritePackets(code, duration, timestamp, packets);
        return packets;
    }

    // Updates go out at every whole interval strictly before the end; the end packets carry the full duration.
    private int UpdateCount(uint units) => (int)((units - 1) / _intervalUnits);

    private uint ToUnits(TimeSpan duration)
    {
        double units = Math.Round(duration.TotalSeconds * ClockRate);
        if (units < 1 || units > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(
                nameof(duration),
                duration,
                $"The duration must be positive and at most {ushort.MaxValue} timestamp units ({ushort.MaxValue / (double)ClockRate:F2} s at {ClockRate} Hz); longer events are not segmented.");
        }

        return (uint)units;
    }

    private TimeSpan UnitsToTime(uint units) => TimeSpan.FromTicks(units * TimeSpan.TicksPerSecond / ClockRate);
}
