namespace Switchboard.Audio.Tones;

/// <summary>
/// Parameters of the <see cref="BeepDetector"/>. Copied when a detector is created; treat as read-only
/// once configured (not thread-safe while being mutated).
/// </summary>
public sealed class BeepDetectorOptions
{
    /// <summary>Lowest beep frequency reported. Default 400 Hz.</summary>
    public double MinFrequency { get; set; } = 400;

    /// <summary>Highest beep frequency reported. Default 2000 Hz.</summary>
    public double MaxFrequency { get; set; } = 2000;

    /// <summary>Shortest tone reported as a beep. Default 100 ms.</summary>
    public TimeSpan MinDuration { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Quietest analysis frame (RMS, dBFS) that can be part of a beep. Default −45 dBFS.</summary>
    public double MinLevelDbfs { get; set; } = -45;

    /// <summary>Share of a frame's energy that must sit in one spectral peak (0..1). Dual tones such as
    /// DTMF split their energy over two peaks and speech over many harmonics, so they stay below this.
    /// Default 0.9.</summary>
    public double MinPurity { get; set; } = 0.9;

    /// <summary>How far (relative) the frequency may wander during one beep before it counts as a
    /// different sound. Default 0.03 (3 %).</summary>
    public double MaxFrequencyDeviation { get; set; } = 0.03;

    /// <summary>Checks that all values are in range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (!(MinFrequency >= 50 && MinFrequency < MaxFrequency))
        {
            throw new ArgumentOutOfRangeException(nameof(MinFrequency), MinFrequency, "MinFrequency must be at least 50 Hz and below MaxFrequency.");
        }

        if (!double.IsFinite(MaxFrequency))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFrequency), MaxFrequency, "MaxFrequency must be finite.");
        }

        if (MinDuration <= TimeSpan.Zero || MinDuration > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinDuration), MinDuration, "MinDuration must be positive and at most one minute.");
        }

        if (!(MinLevelDbfs is >= -96 and <= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(MinLevelDbfs), MinLevelDbfs, "MinLevelDbfs must be between -96 and 0.");
        }

        if (!(MinPurity is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinPurity), MinPurity, "MinPurity must be greater than 0 and less than 1.");
        }

        if (!(MaxFrequencyDeviation is > 0 and < 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFrequencyDeviation), MaxFrequencyDeviation, "MaxFrequencyDeviation must be greater than 0 and less than 0.5.");
        }
    }
}
