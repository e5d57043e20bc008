using System.Runtime.InteropServices;

namespace Switchboard.Bench.Audio.Native;

/// <summary>
/// P/Invoke declarations for the speexdsp resampler (Debian <c>libspeexdsp1</c>), after
/// <c>speex/speex_resampler.h</c>: <c>spx_uint32_t</c> is <c>uint32_t</c>, <c>spx_int16_t</c> is <c>int16_t</c>.
/// </summary>
internal static unsafe partial class SpeexDsp
{
    private const string Library = "libspeexdsp.so.1";

    // SpeexResamplerState *speex_resampler_init(spx_uint32_t nb_channels, spx_uint32_t in_rate,
    //                                           spx_uint32_t out_rate, int quality, int *err);
    [LibraryImport(Library, EntryPoint = "speex_resampler_init")]
    internal static partial nint ResamplerInit(uint channels, uint inRate, uint outRate, int quality, int* error);

    // void speex_resampler_destroy(SpeexResamplerState *st);
    [LibraryImport(Library, EntryPoint = "speex_resampler_destroy")]
    internal static partial void ResamplerDestroy(nint state);

    // int speex_resampler_process_int(SpeexResamplerState *st, spx_uint32_t channel_index, const spx_int16_t *in,
    //                                 spx_uint32_t *in_len, spx_int16_t *out, spx_uint32_t *out_len);
    [LibraryImport(Library, EntryPoint = "speex_resampler_process_int")]
    internal static partial int ResamplerProcessInt(nint state, uint channelIndex, short* input, uint* inputLength, short* output, uint* outputLength);

    // int speex_resampler_reset_mem(SpeexResamplerState *st);
    [LibraryImport(Library, EntryPoint = "speex_resampler_reset_mem")]
    internal static partial int ResamplerResetMem(nint state);

    // int speex_resampler_get_input_latency(SpeexResamplerState *st);
    [LibraryImport(Library, EntryPoint = "speex_resampler_get_input_latency")]
    internal static partial int ResamplerGetInputLatency(nint state);
}
