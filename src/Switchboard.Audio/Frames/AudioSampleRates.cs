namespace Switchboard.Audio.Frames;

/// <summary>
/// The sample rates the media path supports (8, 16, 24 and 48 kHz) and framing arithmetic for them.
/// </summary>
/// <remarks>Thread-safety: stateless; safe to call concurrently.</remarks>
public static class AudioSampleRates
{
    /// <summary>8 kHz, narrowband telephony (G.711).</summary>
    public const int Rate8000 = 8000;

    /// <summary>16 kHz, wideband; the usual rate for speech recognition and VAD.</summary>
    public const int Rate16000 = 16000;

    /// <summary>24 kHz, the usual output rate of speech synthesis.</summary>
    public const int Rate24000 = 24000;

    /// <summary>48 kHz, WebRTC/Opus.</summary>
    public const int Rate48000 = 48000;

    /// <summary>Smallest frame duration accepted by the framing helpers, in milliseconds.</summary>
    public const int MinFrameMilliseconds = 10;

    /// <summary>Largest frame duration accepted by the framing helpers, in milliseconds.</summary>
    public const int MaxFrameMilliseconds = 120;

    /// <summary>Whether <paramref name="sampleRate"/> is one of the supported rates.</summary>
    public static bool IsSupported(int sampleRate) =>
        sampleRate is Rate8000 or Rate16000 or Rate24000 or Rate48000;

    /// <summary>Throws unless <paramref name="sampleRate"/> is supported.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not 8000, 16000, 24000 or 48000.</exception>
    public static void Validate(int sampleRate, string paramName)
    {
        if (!IsSupported(sampleRate))
        {
            throw new ArgumentOutOfRangeException(
                paramName, sampleRate, "Sample rate must be 8000, 16000, 24000 or 48000 Hz.");
        }
    }

    /// <summary>
    /// Samples in one frame of <paramref name="frameMilliseconds"/> at <paramref name="sampleRate"/>
    /// (e.g. 160 for 20 ms at 8 kHz).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Unsupported rate, or a duration that is not a multiple of
    /// 10 ms between <see cref="MinFrameMilliseconds"/> and <see cref="MaxFrameMilliseconds"/>.</exception>
    public static int SamplesPerFrame(int sampleRate, int frameMilliseconds)
    {
        Validate(sampleRate, nameof(sampleRate));
        ValidateFrameDuration(frameMilliseconds, nameof(frameMilliseconds));
        return sampleRate / 1000 * frameMilliseconds;
    }

    /// <summary>Throws unless <paramref name="frameMilliseconds"/> is a multiple of 10 ms in [10, 120].</summary>
    /// <exception cref="ArgumentOutOfRangeException">The duration is not accepted.</exception>
    public static void ValidateFrameDuration(int frameMilliseconds, string paramName)
    {
        // Multiples of 10 ms keep every supported rate at a whole number of samples per frame and cover the
        // ptime values SIP peers use (10, 20, 30, 40, 60 ...).
        if (frameMilliseconds < MinFrameMilliseconds || frameMilliseconds > MaxFrameMilliseconds || frameMilliseconds % 10 != 0)
        {
            throw new ArgumentOutOfRangeException(
                paramName, frameMilliseconds, "Frame duration must be a multiple of 10 ms between 10 and 120 ms.");
        }
    }
}
