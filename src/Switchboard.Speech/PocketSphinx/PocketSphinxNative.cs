using System.Runtime.InteropServices;

namespace Switchboard.Speech.PocketSphinx;

/// <summary>
/// P/Invoke surface of pocketsphinx 5prealpha (Debian <c>libpocketsphinx3</c>) and sphinxbase (<c>libsphinxbase3</c>);
/// signatures from pocketsphinx.h, ps_search.h and cmd_ln.h. The configuration is built with
/// <c>cmd_ln_parse_r</c> rather than the variadic <c>cmd_ln_init</c>, which cannot be called portably.
/// </summary>
internal static partial class PocketSphinxNative
{
    /// <summary>
    /// The leading fields of sphinxbase's <c>feat_t</c> (feat.h) up to <c>cmn_struct</c>, mirrored so the runtime lays
    /// them out with the same padding as the C compiler. Only read, to find the live CMN state.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct FeatPrefix
    {
        public int RefCount;
        public nint Name;
        public int CepSize;
        public int StreamCount;
        public nint StreamLengths;
        public int WindowSize;
        public int SubvectorCount;
        public nint SubvectorLengths;
        public nint Subvectors;
        public nint SubvectorBuffer;
        public int SubvectorDimension;
        public int Cmn;
        public int VarNorm;
        public int Agc;
        public nint ComputeFeat;
        public nint CmnStruct;
    }

    [LibraryImport(NativeLibraries.PocketSphinx, EntryPoint = "ps_get_feat")]
    internal static partial nint GetFeat(PocketSphinxDecoderHandle decoder);

    [LibraryImport(NativeLibraries.SphinxBase, EntryPoint = "cmn_live_get")]
    internal static unsafe partial void CmnLiveGet(nint cmn, float* vector);

    [LibraryImport(NativeLibraries.SphinxBase, EntryPoint = "cmn_live_set")]
    internal static unsafe partial void CmnLiveSet(nint cmn, float* vector);

    /// <summary>
    /// Sets the process-wide log callback of sphinxbase (err.h); a null callback makes every log call return at once.
    /// </summary>
    [LibraryImport(NativeLibraries.SphinxBase, EntryPoint = "err_set_callback")]
    internal static partial void ErrSetCallback(nint callback, nint userData);

    /// <summary>
    /// Sets the process-wide <c>FILE*</c> sphinxbase logs to, without closing the previous one; null disables it, and then
    /// the configuration dumps of <c>cmd_ln_parse_r</c> and <c>ps_init</c>, which write to it directly, are skipped.
    /// </summary>
    [LibraryImport(NativeLibraries.SphinxBase, EntryPoint = "err_set_logfp")]
    internal static partial void ErrSetLogFile(nint file);

    /// <summary>The process-wide <c>FILE*</c> sphinxbase logs to (stderr when none was set, null when disabled).</summary>
    [LibraryImport(NativeLibraries.SphinxBase, EntryPoint = "err_get_logfp")]
    internal static partial nint ErrGetLogFile();

    [LibraryImport(NativeLibraries.PocketSphinx, EntryPoint = "ps_args")]
    internal static partial nint Args();

    [LibraryImport(NativeLibraries.SphinxBase, EntryPoint = "cmd_ln_parse_r", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint CmdLnParse(nint inoutCmdln, nint definitions, int argc, string[] argv, int strict);

    [LibraryImport(NativeLibraries.SphinxBase, EntryPoint = "cmd_ln_free_r")]
    internal static partial int CmdLnFree(nint cmdln);

    [LibraryImport(NativeLibraries.SphinxBase, EntryPoint = "ckd_free")]
    internal static partial void CkdFree(nint pointer);

    [LibraryImport(NativeLibraries.PocketSphinx, EntryPoint = "ps_init")]
    internal static partial nint Init(nint config);

    [LibraryImport(NativeLibraries.PocketSphinx, EntryPoint = "ps_free")]
    internal static partial int Free(nint decoder);

    [LibraryImport(NativeLibraries.PocketSphinx, EntryPoint = "ps_start_utt")]
    internal static partial int StartUtt(PocketSphinxDecoderHandle decoder);

    [LibraryImport(NativeLibraries.PocketSphinx, EntryPoint = "ps_process_raw")]
    internal static unsafe partial int ProcessRaw(PocketSphinxDecoderHandle decoder, short* data, nuint samples, int noSearch, int fullUtt);

    [LibraryImport(NativeLibraries.PocketSphinx, EntryPoint = "ps_end_utt")]
    internal static partial int EndUtt(PocketSphinxDecoderHandle decoder);

    /// <summary>Returns a string owned by the decoder (valid until the next call on it), or null.</summary>
    [LibraryImport(NativeLibraries.PocketSphinx, EntryPoint = "ps_get_hyp")]
    internal static partial nint GetHyp(PocketSphinxDecoderHandle decoder, out int bestScore);

    [LibraryImport(NativeLibraries.PocketSphinx, EntryPoint = "ps_get_in_speech")]
    internal static partial byte GetInSpeech(PocketSphinxDecoderHandle decoder);

    /// <summary>Returns a string allocated with sphinxbase's allocator (free with <see cref="CkdFree"/>), or null.</summary>
    [LibraryImport(NativeLibraries.PocketSphinx, EntryPoint = "ps_lookup_word", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint LookupWord(PocketSphinxDecoderHandle decoder, string word);

    [LibraryImport(NativeLibraries.PocketSphinx, EntryPoint = "ps_set_kws", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int SetKws(PocketSphinxDecoderHandle decoder, string name, string keyfile);

    [LibraryImport(NativeLibraries.PocketSphinx, EntryPoint = "ps_set_search", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int SetSearch(PocketSphinxDecoderHandle decoder, string name);

    /// <summary>Returns the active search's name, owned by the decoder.</summary>
    [LibraryImport(NativeLibraries.PocketSphinx, EntryPoint = "ps_get_search")]
    internal static partial nint GetSearch(PocketSphinxDecoderHandle decoder);
}
