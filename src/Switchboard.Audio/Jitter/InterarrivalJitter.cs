namespace Switchboard.Audio.Jitter;

/// <summary>
/// RFC 3550 §6.4.1 interarrival jitter: J += (|D| − J) / 16, with D the change in transit time between consecutive
/// arrivals, in timestamp units. Unsigned arithmetic keeps it right across timestamp wraparound.
/// </summary>
internal struct InterarrivalJitter
{
    private bool _hasTransit;
    private uint _lastTransit;

    /// <summary>Current estimate, in timestamp units.</summary>
    public double Units { get; private set; }

    /// <summary>Number of transit differences folded into the estimate.</summary>
    public long Samples { get; private set; }

    public void Update(uint timestamp, TimeSpan arrival, int clockRate)
    {
        uint arrivalUnits = (uint)(arrival.Ticks * clockRate / TimeSpan.TicksPerSecond);
        uint transit = arrivalUnits - timestamp;
        if (_hasTransit)
        {
            int d = Math.Abs((int)(transit - _lastTransit));
            Units += (d - Units) / 16.0;
            Samples++;
        }

        _hasTransit = true;
        _lastTransit = transit;
    }

    /// <summary>Forgets the last transit time, so a stream restart does not read as one huge jitter sample.</summary>
    public void Restart() => _hasTransit = false;
}
