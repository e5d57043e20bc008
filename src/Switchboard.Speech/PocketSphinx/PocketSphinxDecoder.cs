using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace Switchboard.Speech.PocketSphinx;

/// <summary>
/// One pocketsphinx decoder (16 kHz, US English LM search) plus the keyword-spotting search used for hints.
/// </summary>
/// <remarks>
/// <para><b>Hints.</b> pocketsphinx 5prealpha runs one search at a time and has no per-word LM boost, so hints are
/// spotted with a second, keyword-spotting (kws) search on the same decoder: the utterance's audio is kept, and after
/// the LM search has produced the transcript the kws search re-decodes it and reports which hint phrases occur.
/// Hint words missing from the pronunciation dictionary cannot be spotted and are dropped.</para>
/// <para><b>Thread-safety.</b> None: one caller at a time (the pool guarantees it). Decoders are independent of
/// each other once sphinxbase's process-wide logging is off (see <see cref="SilenceLogging"/>); creation stays
/// serialised, as ps_init also sets the process-wide debug level.</para>
/// </remarks>
internal sealed partial class PocketSphinxDecoder : IDisposable
{
    private const string KwsSearch = "switchboard_hints";
    private static readonly Lock CreateLock = new();
    private static bool _loggingSilenced;

    private readonly PocketSphinxDecoderHandle _handle;
    private readonly string _defaultSearch;
    private readonly double _keywordThreshold;
    private short[] _utterance = ArrayPool<short>.Shared.Rent(16000 * 10);
    private int _utteranceLength;
    private string? _kwsKey;
    private byte[] _lastPartial = new byte[256];
    private int _lastPartialLength;
    private bool _inUtterance;

    private readonly nint _cmn;
    private readonly float[] _cmnInitial = [];
    private readonly float[] _cmnAtStart = [];
    private readonly float[] _cmnAtNext = [];
    private int _speculativeLength = -1;

    private unsafe PocketSphinxDecoder(PocketSphinxDecoderHandle handle, double keywordThreshold)
    {
        _handle = handle;
        _keywordThreshold = keywordThreshold;
        _defaultSearch = Marshal.PtrToStringUTF8(PocketSphinxNative.GetSearch(handle)) ?? "_default";

        // Live cepstral mean normalisation adapts at the end of every utterance and never resets, so a pooled
        // decoder would carry the previous caller's channel into the next call (the same audio decoded differently
        // after a call with telephone-band speech; see the adaptation test). 5prealpha has no reset call: we snapshot
        // the initial mean through feat_t and restore it when a decoder is rented. The cepstrum size check guards
        // against a different struct layout; if it fails, adaptation is simply not reset.
        nint feat = PocketSphinxNative.GetFeat(handle);
        if (feat != nint.Zero)
        {
            var prefix = Marshal.PtrToStructure<PocketSphinxNative.FeatPrefix>(feat);
            if (prefix.CepSize is > 0 and <= 64 && prefix.CmnStruct != nint.Zero)
            {
                _cmn = prefix.CmnStruct;
                _cmnInitial = new float[prefix.CepSize];
                _cmnAtStart = new float[prefix.CepSize];
                _cmnAtNext = new float[prefix.CepSize];
                fixed (float* vector = _cmnInitial)
                {
                    PocketSphinxNative.CmnLiveGet(_cmn, vector);
                }
            }
        }
    }

    /// <summary>True when <see cref="ResetAdaptation"/> can restore the initial cepstral mean.</summary>
    internal bool CanResetAdaptation => _cmn != nint.Zero;

    /// <summary>Forgets what the decoder adapted to (the cepstral mean) in earlier streams.</summary>
    internal void ResetAdaptation() => CmnLive(_cmnInitial, set: true);

    /// <summary>
    /// Reads or writes the live cepstral mean through <c>_cmn</c>, a pointer into the native decoder that no SafeHandle
    /// guards: the handle is held meanwhile, so a decoder freed (disposed) cannot be written into. A write there would
    /// corrupt whatever the allocator had given that memory to, e.g. another decoder's state.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The decoder was disposed.</exception>
    private unsafe void CmnLive(float[] vector, bool set)
    {
        if (_cmn == nint.Zero)
        {
            return;
        }

        bool added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            fixed (float* p = vector)
            {
                if (set)
                {
                    PocketSphinxNative.CmnLiveSet(_cmn, p);
                }
                else
                {
                    PocketSphinxNative.CmnLiveGet(_cmn, p);
                }
            }
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    /// <summary>pocketsphinx's own <c>-vad_postspeech</c> default, in 10 ms frames.</summary>
    internal const int DefaultPostSpeechFrames = 50;

    /// <summary>
    /// Creates a decoder from the model in <paramref name="modelDirectory"/>; its voice activity detector ends an
    /// utterance after <paramref name="postSpeechFrames"/> 10 ms frames of silence.
    /// </summary>
    /// <exception cref="SpeechNativeLibraryException">The library or the model files are missing.</exception>
    /// <exception cref="SpeechException">pocketsphinx refused the configuration.</exception>
    internal static PocketSphinxDecoder Create(string modelDirectory, double keywordThreshold, int postSpeechFrames = DefaultPostSpeechFrames)
    {
        NativeLibraries.Require(NativeLibraries.SphinxBase, NativeLibraries.PocketSphinxPackages);
        NativeLibraries.Require(NativeLibraries.PocketSphinx, NativeLibraries.PocketSphinxPackages);
        string hmm = Path.Combine(modelDirectory, "en-us");
        string lm = Path.Combine(modelDirectory, "en-us.lm.bin");
        string dict = Path.Combine(modelDirectory, "cmudict-en-us.dict");
        foreach (string path in new[] { Path.Combine(hmm, "mdef"), lm, dict })
        {
            if (!File.Exists(path))
            {
                throw new SpeechNativeLibraryException(path, "pocketsphinx-en-us");
            }
        }

        // No -logfn: ps_init would open that file and fclose the previous log stream while other decoders, on other
        // threads, may be writing to it (a use after free in stdio that corrupted the heap and crashed a test host in
        // cmn_live). Logging is switched off once for the process instead.
        string[] argv = ["-hmm", hmm, "-lm", lm, "-dict", dict, "-samprate", "16000",
            "-vad_postspeech", postSpeechFrames.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        lock (CreateLock)
        {
            SilenceLogging();
            nint config = PocketSphinxNative.CmdLnParse(nint.Zero, PocketSphinxNative.Args(), argv.Length, argv, 1);
            if (config == nint.Zero)
            {
                throw new SpeechException("pocketsphinx rejected its configuration (cmd_ln_parse_r failed).");
            }

            try
            {
                nint decoder = PocketSphinxNative.Init(config);
                if (decoder == nint.Zero)
                {
                    throw new SpeechException($"ps_init failed for the model in '{modelDirectory}'.");
                }

                return new PocketSphinxDecoder(new PocketSphinxDecoderHandle(decoder), keywordThreshold);
            }
            finally
            {
                // ps_init keeps its own reference to the configuration.
                _ = PocketSphinxNative.CmdLnFree(config);
            }
        }
    }

    /// <summary>
    /// Turns sphinxbase's process-wide logging off before the first decoder exists: a null callback silences its log
    /// calls, and a disabled log stream its configuration dumps (which would otherwise go to stderr). From then on no
    /// log stream is ever opened, written or closed, so decoders on different threads share no mutable logging state.
    /// </summary>
    private static void SilenceLogging()
    {
        if (!_loggingSilenced)
        {
            PocketSphinxNative.ErrSetCallback(nint.Zero, nint.Zero);
            PocketSphinxNative.ErrSetLogFile(nint.Zero);
            _loggingSilenced = true;
        }
    }

    /// <summary>Starts an utterance on the LM search.</summary>
    internal void StartUtterance()
    {
        _speculativeLength = -1;
        SnapshotAdaptation();
        Check(PocketSphinxNative.StartUtt(_handle), "ps_start_utt");
        _inUtterance = true;
        _utteranceLength = 0;
        _lastPartialLength = 0;
    }

    /// <summary>Feeds 16 kHz PCM16 to the current utterance.</summary>
    internal unsafe void Process(ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty)
        {
            return;
        }

        Append(samples);
        fixed (short* p = samples)
        {
            int frames = PocketSphinxNative.ProcessRaw(_handle, p, (nuint)samples.Length, 0, 0);
            Check(frames, "ps_process_raw");
        }
    }

    /// <summary>True while pocketsphinx's voice activity detector hears speech.</summary>
    internal bool InSpeech => PocketSphinxNative.GetInSpeech(_handle) != 0;

    /// <summary>The current (partial, or after <see cref="EndUtterance"/> final) hypothesis; empty when none.</summary>
    internal string Hypothesis()
    {
        nint hyp = PocketSphinxNative.GetHyp(_handle, out _);
        return hyp == nint.Zero ? string.Empty : (Marshal.PtrToStringUTF8(hyp) ?? string.Empty).Trim();
    }

    /// <summary>
    /// The partial hypothesis if it differs from the one this method last returned, else null. Compares the native
    /// bytes first so the 10 chunks a second in which the hypothesis mostly stays the same allocate nothing.
    /// </summary>
    internal unsafe string? ChangedHypothesis()
    {
        nint hyp = PocketSphinxNative.GetHyp(_handle, out _);
        ReadOnlySpan<byte> bytes = hyp == nint.Zero ? default : MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)hyp);
        if (bytes.SequenceEqual(_lastPartial.AsSpan(0, _lastPartialLength)))
        {
            return null;
        }

        if (bytes.Length > _lastPartial.Length)
        {
            _lastPartial = new byte[Math.Max(bytes.Length, _lastPartial.Length * 2)];
        }

        bytes.CopyTo(_lastPartial);
        _lastPartialLength = bytes.Length;
        return Encoding.UTF8.GetString(bytes).Trim();
    }

    /// <summary>Ends the utterance and returns its final hypothesis.</summary>
    internal string EndUtterance()
    {
        Check(PocketSphinxNative.EndUtt(_handle), "ps_end_utt");
        _inUtterance = false;
        return Hypothesis();
    }

    /// <summary>True when every word of <paramref name="phrase"/> is in the pronunciation dictionary.</summary>
    internal bool IsInDictionary(string phrase)
    {
        foreach (string word in phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            nint pron = PocketSphinxNative.LookupWord(_handle, word);
            if (pron == nint.Zero)
            {
                return false;
            }

            PocketSphinxNative.CkdFree(pron);
        }

        return true;
    }

    /// <summary>
    /// Re-decodes the last utterance's audio with the keyword-spotting search and returns which of
    /// <paramref name="phrases"/> (lower-case, in the dictionary) were spotted. Must follow <see cref="EndUtterance"/>.
    /// </summary>
    internal unsafe List<string> Spot(IReadOnlyList<string> phrases, int tailSamples = 0)
    {
        var found = new List<string>();
        if (phrases.Count == 0 || _utteranceLength == 0)
        {
            return found;
        }

        string key = string.Join('\n', phrases);
        if (key != _kwsKey)
        {
            string file = Path.Combine(Path.GetTempPath(), $"switchboard-kws-{Guid.NewGuid():N}.txt");
            var text = new StringBuilder();
            foreach (string phrase in phrases)
            {
                // Longer phrases accumulate more acoustic evidence, so their threshold is scaled per word.
                int words = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
                text.Append(phrase).Append(" /").Append(Math.Pow(_keywordThreshold, words).ToString("E1")).Append("/\n");
            }

            File.WriteAllText(file, text.ToString());
            try
            {
                Check(PocketSphinxNative.SetKws(_handle, KwsSearch, file), "ps_set_kws");
            }
            finally
            {
                File.Delete(file);
            }

            _kwsKey = key;
        }

        Check(PocketSphinxNative.SetSearch(_handle, KwsSearch), "ps_set_search");
        try
        {
            Check(PocketSphinxNative.StartUtt(_handle), "ps_start_utt");
            // The tail goes in the same buffer, after the utterance, so the kws search sees one whole utterance.
            EnsureCapacity(_utteranceLength + tailSamples);
            _utterance.AsSpan(_utteranceLength, tailSamples).Clear();
            fixed (short* p = _utterance)
            {
                Check(PocketSphinxNative.ProcessRaw(_handle, p, (nuint)(_utteranceLength + tailSamples), 0, 1), "ps_process_raw");
            }

            Check(PocketSphinxNative.EndUtt(_handle), "ps_end_utt");
            string hyp = " " + Hypothesis() + " ";
            foreach (string phrase in phrases)
            {
                if (hyp.Contains(" " + phrase + " ", StringComparison.Ordinal))
                {
                    found.Add(phrase);
                }
            }
        }
        finally
        {
            Check(PocketSphinxNative.SetSearch(_handle, _defaultSearch), "ps_set_search");
        }

        return found;
    }

    /// <summary>Ends any open utterance so the decoder can go back to the pool.</summary>
    internal void Reset()
    {
        if (_inUtterance)
        {
            _ = PocketSphinxNative.EndUtt(_handle);
            _inUtterance = false;
        }

        _utteranceLength = 0;
        _speculativeLength = -1;
    }

    public void Dispose()
    {
        _handle.Dispose();
        short[] buffer = _utterance;
        _utterance = [];
        if (buffer.Length > 0)
        {
            ArrayPool<short>.Shared.Return(buffer);
        }
    }

    private static void Check(int result, string function)
    {
        if (result < 0)
        {
            throw new SpeechException($"pocketsphinx {function} failed ({result}).");
        }
    }

    private void Append(ReadOnlySpan<short> samples)
    {
        int needed = _utteranceLength + samples.Length;
        EnsureCapacity(needed);
        samples.CopyTo(_utterance.AsSpan(_utteranceLength));
        _utteranceLength = needed;
    }

    private void EnsureCapacity(int needed)
    {
        if (needed > _utterance.Length)
        {
            short[] bigger = ArrayPool<short>.Shared.Rent(Math.Max(needed, _utterance.Length * 2));
            _utterance.AsSpan(0, _utteranceLength).CopyTo(bigger);
            ArrayPool<short>.Shared.Return(_utterance);
            _utterance = bigger;
        }
    }
}
