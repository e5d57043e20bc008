namespace Switchboard.Audio.Vad;

/// <summary>
/// Decision parameters shared by all voice activity detectors. Values are copied when a detector is
/// created, so changing an options instance afterwards does not affect existing detectors.
/// </summary>
/// <remarks>Not thread-safe while being mutated; treat an instance as read-only once configured.</remarks>
public sealed class VadOptions
{
    /// <summary>Probability at or above which a window counts as speech (enter threshold). Default 0.5.</summary>
    public float PositiveThreshold { get; set; } = 0.5f;

    /// <summary>Probability below which a window counts as silence (leave threshold). Must not exceed
    /// <see cref="PositiveThreshold"/>; the gap between the two is the hysteresis. Default 0.35.</summary>
    public float NegativeThreshold { get; set; } = 0.35f;

    /// <summary>Speech shorter than this is ignored (clicks, coughs). Default 250 ms.</summary>
    public TimeSpan MinSpeechDuration { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Silence shorter than this does not end a segment (pauses between words). Default 300 ms.</summary>
    public TimeSpan MinSilenceDuration { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Added before the start and after the end of each segment, so soft onsets and tails are
    /// kept. Never extends a segment into the previous one or past the audio seen so far. Default 30 ms.</summary>
    public TimeSpan SpeechPad { get; set; } = TimeSpan.FromMilliseconds(30);

    /// <summary>Checks that all values are in range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (!(PositiveThreshold > 0f && PositiveThreshold < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(PositiveThreshold), PositiveThreshold, "PositiveThreshold must be greater than 0 and less than 1.");
        }

        if (!(NegativeThreshold > 0f && NegativeThreshold <= PositiveThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(NegativeThreshold), NegativeThreshold, "NegativeThreshold must be greater than 0 and not greater than PositiveThreshold.");
        }

        CheckDuration(MinSpeechDuration, nameof(MinSpeechDuration));
        CheckDuration(MinSilenceDuration, nameof(MinSilenceDuration));
        CheckDuration(SpeechPad, nameof(SpeechPad));
    }

    private static void CheckDuration(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero || value > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be between 0 and 1 minute.");
        }
    }
}
