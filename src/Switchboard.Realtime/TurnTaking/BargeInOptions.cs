namespace Switchboard.Realtime.TurnTaking;

/// <summary>Barge-in tuning for one call, usually derived from the agent's <c>interruption_sensitivity</c>.</summary>
public sealed class BargeInOptions
{
    /// <summary>Default backchannels: said over the agent, they mean "go on", not "stop".</summary>
    public static readonly IReadOnlyList<string> DefaultBackchannels =
    [
        "uh-huh", "uh huh", "mhm", "mm-hmm", "mm hmm", "hmm", "okay", "ok", "yeah", "yes", "yep", "right", "sure", "i see", "got it", "alright",
    ];

    /// <summary>How long the caller must speak over the agent before playout pauses; null means never interrupt.</summary>
    public TimeSpan? Threshold { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>After a pause, how long to wait for real words before resuming playout.</summary>
    public TimeSpan ResumeWindow { get; init; } = TimeSpan.FromMilliseconds(1200);

    /// <summary>Words in a partial transcript (not backchannel) that make the interruption certain before the final.</summary>
    public int WordsToInterrupt { get; init; } = 3;

    public IReadOnlyList<string> Backchannels { get; init; } = DefaultBackchannels;

    /// <summary>Phrases that always interrupt at once, even while the agent may not be interrupted otherwise.</summary>
    public IReadOnlyList<string> InterruptPhrases { get; init; } = ["stop", "wait", "hold on", "agent", "operator", "representative"];

    /// <summary>Whether a keypad digit pressed over the agent interrupts it.</summary>
    public bool DtmfInterrupts { get; init; } = true;

    /// <summary>
    /// Maps <c>interruption_sensitivity</c> (0–1): 1 pauses after 150 ms of overlapping speech, lower values need
    /// longer speech (up to 1.5 s near 0), and 0 means the agent cannot be interrupted except by the phrase list.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sensitivity"/> is outside 0–1 or NaN.</exception>
    public static BargeInOptions FromSensitivity(double sensitivity)
    {
        if (double.IsNaN(sensitivity) || sensitivity is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(sensitivity), sensitivity, "interruption_sensitivity is between 0 and 1.");
        return new BargeInOptions
        {
            Threshold = sensitivity == 0 ? null : TimeSpan.FromMilliseconds(150 + (1 - sensitivity) * 1350),
        };
    }
}
