namespace Switchboard.Audio.Jitter;

/// <summary>
/// PCM16 helper for <see cref="JitterBufferOutcome.Conceal"/>: a copy of the previous frame under a linear gain ramp,
/// so a lost frame becomes a fading repeat instead of a click. Stateless, thread-safe, allocation-free.
/// </summary>
public static class PcmConcealment
{
    /// <summary>
    /// Writes <paramref name="previous"/> into <paramref name="destination"/> with a gain going linearly from
    /// <paramref name="startGain"/> at the first sample to <paramref name="endGain"/> after the last.
    /// Chain calls (1 → 0.5, then 0.5 → 0) to fade out over several frames.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A gain outside [0, 1].</exception>
    public static void WriteFadedCopy(ReadOnlySpan<short> previous, Span<short> destination, float startGain = 1f, float endGain = 0f)
    {
        if (previous.Length != destination.Length)
        {
            throw new ArgumentException($"Source ({previous.Length}) and destination ({destination.Length}) must have the same length.", nameof(destination));
        }

        if (!(startGain is >= 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(startGain), startGain, "Gain must be within [0, 1].");
        }

        if (!(endGain is >= 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(endGain), endGain, "Gain must be within [0, 1].");
        }

        int n = previous.Length;
        float step = n == 0 ? 0f : (endGain - startGain) / n;
        for (int i = 0; i < n; i++)
        {
            destination[i] = (short)MathF.Round(previous[i] * (startGain + (step * i)));
        }
    }
}
