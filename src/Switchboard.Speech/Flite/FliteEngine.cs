using System.Runtime.InteropServices;

namespace Switchboard.Speech.Flite;

/// <summary>
/// Process-wide access to flite: initialises the library and registers each voice once, synthesises on that shared
/// voice under a per-voice lock, and makes further, independent instances of a voice for parallel synthesis.
/// </summary>
/// <remarks>
/// <para>flite keeps global state (the language/lexicon tables built by <c>flite_init</c> and the voice
/// registration), so both are done under <see cref="InitLock"/>. flite's README states that the library is thread safe
/// after initialisation; synthesis builds a fresh utterance per call and reads the voice's compiled (const) data.
/// What a voice instance owns and a synthesis touches is its feature list, whose values carry plain (non-atomic)
/// reference counts, so we never run two syntheses on one instance at once: the shared voice goes through
/// <see cref="Synthesize"/> under its lock, and each parallel worker gets its own instance from
/// <see cref="CreateInstance"/>.</para>
/// <para><c>register_cmu_us_slt</c>/<c>register_cmu_us_kal</c> return a process-wide singleton (they keep it in the
/// exported global <c>cmu_us_slt_cg</c>/<c>cmu_us_kal_diphone</c> and hand it back once set). A second, independent
/// instance is built by clearing that global for one call and restoring it afterwards: the new voice has its own
/// features and shares only the compiled data (lexicon, models, diphone/cg database).</para>
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

    /// <summary>Synthesises <paramref name="text"/> to mono PCM16 on the shared instance of the voice.</summary>
    /// <exception cref="SpeechNativeLibraryException">flite is not installed.</exception>
    /// <exception cref="SpeechException">flite failed.</exception>
    internal static short[] Synthesize(string text, FliteVoice voice, out int sampleRate)
    {
        nint voicePtr = GetVoice(voice);
        Lock voiceLock = voice == FliteVoice.Slt ? SltLock : KalLock;
        lock (voiceLock)
        {
            return SynthesizeOn(voicePtr, text, voice, out sampleRate);
        }
    }

    /// <summary>
    /// Synthesises on <paramref name="instance"/>, which the caller uses from one thread at a time (an instance from
    /// <see cref="CreateInstance"/>).
    /// </summary>
    /// <exception cref="SpeechException">flite failed.</exception>
    internal static short[] SynthesizeOn(nint instance, string text, FliteVoice voice, out int sampleRate)
    {
        nint wave = FliteNative.TextToWave(text, instance);
        if (wave == nint.Zero)
        {
            throw new SpeechException($"flite_text_to_wave returned no audio for voice {voice}.");
        }

        using var handle = new FliteWaveHandle(wave);
        return handle.CopySamples(out sampleRate);
    }

    /// <summary>
    /// A new instance of <paramref name="voice"/>, independent of the shared one and of every other, for one
    /// synthesis thread; it lives for the process. Null when this flite build does not expose the registration global
    /// (then only the shared, locked instance is available).
    /// </summary>
    /// <exception cref="SpeechNativeLibraryException">flite is not installed.</exception>
    internal static nint? CreateInstance(FliteVoice voice)
    {
        nint shared = GetVoice(voice);
        (string library, string global) = voice == FliteVoice.Slt
            ? (NativeLibraries.FliteSlt, "cmu_us_slt_cg")
            : (NativeLibraries.FliteKal, "cmu_us_kal_diphone");
        lock (InitLock)
        {
            if (!NativeLibrary.TryLoad(library, typeof(FliteEngine).Assembly, null, out nint handle))
            {
                return null;
            }

            try
            {
                // Only when the global holds exactly the voice we registered do we know what we are swapping.
                if (!NativeLibrary.TryGetExport(handle, global, out nint slot) || Marshal.ReadIntPtr(slot) != shared)
                {
                    return null;
                }

                nint fresh;
                Marshal.WriteIntPtr(slot, nint.Zero);
                try
                {
                    fresh = voice == FliteVoice.Slt ? FliteNative.RegisterSlt(null) : FliteNative.RegisterKal(null);
                }
                finally
                {
                    Marshal.WriteIntPtr(slot, shared);
                }

                return fresh == nint.Zero || fresh == shared ? null : fresh;
            }
            finally
            {
                NativeLibrary.Free(handle);
            }
        }
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
