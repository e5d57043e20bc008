using System.Runtime.InteropServices;

namespace Switchboard.Speech.Flite;

/// <summary>P/Invoke surface of flite 2.2 (Debian <c>libflite1</c>); signatures from flite.h and cst_wave.h.</summary>
internal static partial class FliteNative
{
    /// <summary>Layout of <c>cst_wave</c>: type, sample_rate, num_samples, num_channels, samples.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct CstWave
    {
        public nint Type;
        public int SampleRate;
        public int NumSamples;
        public int NumChannels;
        public nint Samples;
    }

    [LibraryImport(NativeLibraries.Flite, EntryPoint = "flite_init")]
    internal static partial int Init();

    [LibraryImport(NativeLibraries.Flite, EntryPoint = "flite_text_to_wave", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint TextToWave(string text, nint voice);

    [LibraryImport(NativeLibraries.Flite, EntryPoint = "delete_wave")]
    internal static partial void DeleteWave(nint wave);

    [LibraryImport(NativeLibraries.FliteSlt, EntryPoint = "register_cmu_us_slt", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint RegisterSlt(string? voxdir);

    [LibraryImport(NativeLibraries.FliteKal, EntryPoint = "register_cmu_us_kal", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint RegisterKal(string? voxdir);
}
