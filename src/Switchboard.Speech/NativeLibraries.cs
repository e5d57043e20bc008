using System.Runtime.InteropServices;

namespace Switchboard.Speech;

/// <summary>
/// Names of the native libraries we bind to and the Debian packages providing them, plus a load probe that turns a
/// missing library into a <see cref="SpeechNativeLibraryException"/> instead of a DllNotFoundException thrown from
/// the middle of a P/Invoke.
/// </summary>
internal static class NativeLibraries
{
    internal const string Flite = "libflite.so.1";
    internal const string FliteSlt = "libflite_cmu_us_slt.so.1";
    internal const string FliteKal = "libflite_cmu_us_kal.so.1";
    internal const string FlitePackages = "libflite1";

    internal const string PocketSphinx = "libpocketsphinx.so.3";
    internal const string SphinxBase = "libsphinxbase.so.3";
    internal const string PocketSphinxPackages = "libpocketsphinx3 libsphinxbase3 pocketsphinx-en-us";

    /// <summary>True when the library can be loaded by the same name the P/Invokes use.</summary>
    internal static bool IsLoadable(string library)
    {
        if (!NativeLibrary.TryLoad(library, typeof(NativeLibraries).Assembly, null, out nint handle))
        {
            return false;
        }

        // The runtime keeps its own reference for the P/Invokes; ours is only the probe's.
        NativeLibrary.Free(handle);
        return true;
    }

    internal static void Require(string library, string packages)
    {
        if (!IsLoadable(library))
        {
            throw new SpeechNativeLibraryException(library, packages);
        }
    }
}
