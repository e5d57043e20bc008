namespace Switchboard.Realtime.Transports.Sip;

/// <summary>
/// The ringback a caller hears while we dial a transfer target: 440 Hz + 480 Hz, 2 s on, 4 s off (the North American
/// tone most callers recognise), at 8 kHz. Not thread-safe: one per held call.
/// </summary>
internal sealed class RingbackTone
{
    private const int Rate = 8000;
    private const int OnSamples = 2 * Rate;
    private const int CycleSamples = 6 * Rate;

    // About -19 dBm0 per tone: clearly audible, well below speech level.
    private const double Amplitude = 1300;

    private long _position;

    /// <summary>Writes the next <paramref name="samples"/>.Length samples of the tone.</summary>
    public void Fill(Span<short> samples)
    {
        for (var i = 0; i < samples.Length; i++, _position++)
        {
            var inCycle = _position % CycleSamples;
            if (inCycle >= OnSamples)
            {
                samples[i] = 0;
                continue;
            }
            var t = (double)_position / Rate;
            samples[i] = (short)(Amplitude * (Math.Sin(2 * Math.PI * 440 * t) + Math.Sin(2 * Math.PI * 480 * t)));
        }
    }
}
