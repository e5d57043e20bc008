namespace Switchboard.Speech.Flite;

/// <summary>
/// Process-wide access to flite: initialises the library and registers each voice exactly once, then synthesises
/// under a per-voice lock.
/// </summary>
/// <remarks>
/// flite keeps global state (the language/lexicon tables built by <c>flite_init</c> and the voice registration),
/// so both are done once under <see cref="InitLock"/>. <c>flite_text_to_wave</c> builds a fresh utterance per call,
/// but it reads and caches features on the shared <c>cst_voice</c> (e.g. lazily loaded tables), and flite makes
/// no thread-safety promise; we therefore serialise synthesis per voice, and two voices run concurrently. This was
/// not benchmarked here (2 shared cores): it is the conservative choice, and it costs latency only when several calls
/// use the same voice at once. The concurrency test exercises both voices from four threads.
/// </remarks>
internal static class FliteEngine
{
    private static readonly Lock InitLock = new();
    private static readonly Lock SltLock = new();
    private static readonly Lock KalLock = new();
    private static bool s_initialised;
    private static nint s_slt;
    private static nint s_kal;

    /// <summary>Output sample rate of a voice, in Hz.</summary>
    internal static int SampleRateOf(FliteVoice voice) => voice switch
    {
        FliteVoice.Slt => 16000,
        FliteVoice.Kal => 8000,
        _ => throw new ArgumentOutOfRangeException(nameof(voice), voice, "Unknown flite voice."),
    };

    /// <summary>Synthesises <paramref name="text"/> to mono PCM16.</summary>
    /// <exception cref="SpeechNativeLibraryException">flite is not installed.</exception>
    /// <exception cref="SpeechException">flite failed.</exception>
    internal static short[] Synthesize(string text, FliteVoice voice, out int sampleRate)
    {
        nint voicePtr = GetVoice(voice);
        Lock voiceLock = voice == FliteVoice.Slt ? SltLock : KalLock;
        nint wave;
        lock (voiceLock)
        {
            wave = FliteNative.TextToWave(text, voicePtr);
        }

        if (wave == nint.Zero)
        {
            throw new SpeechException($"flite_text_to_wave returned no audio for voice {voice}.");
        }

        using var handle = new FliteWaveHandle(wave);
        return handle.CopySamples(out sampleRate);
    }

    /// <summary>Initialises flite and registers <paramref name="voice"/> if not done yet.</summary>
    internal static nint GetVoice(FliteVoice voice)
    {
        _ = SampleRateOf(voice);
        lock (InitLock)
        {
            if (!s_initialised)
            {
                NativeLibraries.Require(NativeLibraries.Flite, NativeLibraries.FlitePackages);
                _ = FliteNative.Init();
                s_initialised = true;
            }

            if (voice == FliteVoice.Slt)
            {
                if (s_slt == nint.Zero)
                {
                    NativeLibraries.Require(NativeLibraries.FliteSlt, NativeLibraries.FlitePackages);
                    s_slt = FliteNative.RegisterSlt(null);
                }

                return s_slt != nint.Zero ? s_slt : throw new SpeechException("register_cmu_us_slt returned no voice.");
            }

            if (s_kal == nint.Zero)
            {
                NativeLibraries.Require(NativeLibraries.FliteKal, NativeLibraries.FlitePackages);
                s_kal = FliteNative.RegisterKal(null);
            }

            return s_kal != nint.Zero ? s_kal : throw new SpeechException("register_cmu_us_kal returned no voice.");
        }
    }
}
