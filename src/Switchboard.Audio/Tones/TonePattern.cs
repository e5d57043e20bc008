namespace Switchboard.Audio.Tones;

/// <summary>
/// Describes a call-progress tone or beep: one or two frequencies played with an on/off cadence.
/// Immutable and thread-safe; the presets can be shared freely.
/// </summary>
public sealed class TonePattern
{
    private readonly TimeSpan[] _cadence;

    /// <summary>Creates a pattern.</summary>
    /// <param name="frequency1">First frequency in Hz (&gt; 0).</param>
    /// <param name="frequency2">Second frequency in Hz, or 0 for a single tone.</param>
    /// <param name="levelDbfs">RMS level of each frequency component in dBFS (−96..0). One sine at −3 dBFS
    /// peaks at full scale; two components at −9 dBFS each peak at full scale together. Louder values clip.</param>
    /// <param name="cadence">Alternating on and off durations, starting with on. An odd count means the last
    /// segment is on. Must not be empty; every on segment must be positive, off segments may be zero.</param>
    /// <param name="repeats">True to repeat the cadence forever; false to play it once and then stay silent.</param>
    /// <exception cref="ArgumentOutOfRangeException">A frequency, the level or a duration is out of range.</exception>
    /// <exception cref="ArgumentException">The cadence is empty.</exception>
    public TonePattern(double frequency1, double frequency2, double levelDbfs, IReadOnlyList<TimeSpan> cadence, bool repeats)
    {
        ArgumentNullException.ThrowIfNull(cadence);
        if (!double.IsFinite(frequency1) || frequency1 <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(frequency1), frequency1, "The first frequency must be positive.");
        }

        if (!double.IsFinite(frequency2) || frequency2 < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(frequency2), frequency2, "The second frequency must be positive, or 0 for a single tone.");
        }

        if (!double.IsFinite(levelDbfs) || levelDbfs > 0 || levelDbfs < -96)
        {
            throw new ArgumentOutOfRangeException(nameof(levelDbfs), levelDbfs, "The level must be between -96 and 0 dBFS.");
        }

        if (cadence.Count == 0)
        {
            throw new ArgumentException("The cadence needs at least one on duration.", nameof(cadence));
        }

        _cadence = new TimeSpan[cadence.Count];
        for (int i = 0; i < cadence.Count; i++)
        {
            bool on = i % 2 == 0;
            TimeSpan d = cadence[i];
            if (d < TimeSpan.Zero || (on && d == TimeSpan.Zero) || d > TimeSpan.FromHours(1))
            {
                throw new ArgumentOutOfRangeException(nameof(cadence), d, $"Cadence segment {i} ({(on ? "on" : "off")}) must be {(on ? "positive" : "zero or positive")} and at most one hour.");
            }

            _cadence[i] = d;
        }

        Frequency1 = frequency1;
        Frequency2 = frequency2;
        LevelDbfs = levelDbfs;
        Repeats = repeats;
    }

    /// <summary>US/NANP ringback: 440 + 480 Hz, 2 s on, 4 s off, about −19 dBm0 per tone.</summary>
    public static TonePattern UsRingback { get; } = new(440, 480, -22, [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], true);

    /// <summary>US/NANP busy: 480 + 620 Hz, 0.5 s on, 0.5 s off, about −24 dBm0 per tone.</summary>
    public static TonePattern UsBusy { get; } = new(480, 620, -27, [TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500)], true);

    /// <summary>UK ringback: 400 + 450 Hz, 0.4 s on, 0.2 s off, 0.4 s on, 2 s off.</summary>
    public static TonePattern UkRingback { get; } = new(400, 450, -22, [TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(2)], true);

    /// <summary>European (ETSI/CEPT) ringback: 425 Hz, 1 s on, 4 s off.</summary>
    public static TonePattern EuRingback { get; } = new(425, 0, -19, [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4)], true);

    /// <summary>European (ETSI/CEPT) busy: 425 Hz, 0.5 s on, 0.5 s off.</summary>
    public static TonePattern EuBusy { get; } = new(425, 0, -19, [TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500)], true);

    /// <summary>First frequency in Hz.</summary>
    public double Frequency1 { get; }

    /// <summary>Second frequency in Hz, 0 for a single tone.</summary>
    public double Frequency2 { get; }

    /// <summary>RMS level of each component in dBFS.</summary>
    public double LevelDbfs { get; }

    /// <summary>Whether the cadence repeats forever.</summary>
    public bool Repeats { get; }

    /// <summary>Alternating on/off durations, starting with on.</summary>
    public IReadOnlyList<TimeSpan> Cadence => _cadence;

    /// <summary>A single beep, played once (e.g. "leave a message after the tone").</summary>
    /// <param name="frequency">Frequency in Hz, e.g. 1000.</param>
    /// <param name="duration">How long the beep sounds.</param>
    /// <param name="levelDbfs">RMS level in dBFS; default −12.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public static TonePattern Beep(double frequency, TimeSpan duration, double levelDbfs = -12) =>
        new(frequency, 0, levelDbfs, [duration], false);
}
