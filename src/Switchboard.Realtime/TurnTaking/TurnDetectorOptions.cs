namespace Switchboard.Realtime.TurnTaking;

/// <summary>When a caller's turn counts as finished, beyond the VAD's own end-of-speech silence.</summary>
public sealed record TurnDetectorOptions
{
    /// <summary>After the last keypad digit, how long to wait for another before the digits form a turn.</summary>
    public TimeSpan DigitTimeout { get; init; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>A digit that ends a keypad entry at once (it is not part of the digits); null: none.</summary>
    public char? FinishOnKey { get; init; } = '#';

    /// <summary>
    /// How long after the VAD says speech ended to wait for the recognizer's final before taking the latest partial
    /// as the turn; a slow or failed recognizer must not leave the caller in silence.
    /// </summary>
    public TimeSpan FinalTranscriptTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// When the recognizer has given nothing at all (no partial) by <see cref="FinalTranscriptTimeout"/>, how long after
    /// the end of speech to keep waiting for its final before the utterance is given up on. Taking the turn earlier
    /// would take an empty turn and lose what the caller said; a recognizer that is only behind catches up well within it.
    /// </summary>
    public TimeSpan SilentRecognizerTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Maps <c>responsiveness</c> (0–1) to the VAD silence that ends speech: 1 → 300 ms, 0 → 1200 ms. Shorter answers
    /// faster but cuts slow speakers off mid-sentence.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="responsiveness"/> is outside 0–1 or NaN.</exception>
    public static TimeSpan EndpointingSilence(double responsiveness)
    {
        if (double.IsNaN(responsiveness) || responsiveness is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(responsiveness), responsiveness, "responsiveness is between 0 and 1.");
        return TimeSpan.FromMilliseconds(300 + (1 - responsiveness) * 900);
    }
}
