using System.Runtime.InteropServices;

namespace Switchboard.Bench.Audio.Native;

/// <summary>
/// P/Invoke declarations for the parts of spandsp (Debian <c>libspandsp2</c>) used as C references. Signatures follow
/// <c>spandsp/g711.h</c> and <c>spandsp/dtmf.h</c>; state pointers are opaque.
/// </summary>
internal static unsafe partial class SpanDsp
{
    private const string Library = "libspandsp.so.2";

    /// <summary><c>G711_ALAW</c> from <c>g711.h</c>.</summary>
    internal const int G711ALaw = 0;

    /// <summary><c>G711_ULAW</c> from <c>g711.h</c>.</summary>
    internal const int G711ULaw = 1;

    // g711_state_t *g711_init(g711_state_t *s, int mode);
    [LibraryImport(Library, EntryPoint = "g711_init")]
    internal static partial nint G711Init(nint state, int mode);

    // int g711_free(g711_state_t *s);
    [LibraryImport(Library, EntryPoint = "g711_free")]
    internal static partial int G711Free(nint state);

    // int g711_decode(g711_state_t *s, int16_t amp[], const uint8_t g711_data[], int g711_bytes);
    [LibraryImport(Library, EntryPoint = "g711_decode")]
    internal static partial int G711Decode(nint state, short* amp, byte* g711Data, int g711Bytes);

    // int g711_encode(g711_state_t *s, uint8_t g711_data[], const int16_t amp[], int len);
    [LibraryImport(Library, EntryPoint = "g711_encode")]
    internal static partial int G711Encode(nint state, byte* g711Data, short* amp, int len);

    // dtmf_rx_state_t *dtmf_rx_init(dtmf_rx_state_t *s, digits_rx_callback_t callback, void *user_data);
    [LibraryImport(Library, EntryPoint = "dtmf_rx_init")]
    internal static partial nint DtmfRxInit(nint state, nint callback, nint userData);

    // int dtmf_rx_free(dtmf_rx_state_t *s);
    [LibraryImport(Library, EntryPoint = "dtmf_rx_free")]
    internal static partial int DtmfRxFree(nint state);

    // int dtmf_rx(dtmf_rx_state_t *s, const int16_t amp[], int samples);
    [LibraryImport(Library, EntryPoint = "dtmf_rx")]
    internal static partial int DtmfRx(nint state, short* amp, int samples);

    // size_t dtmf_rx_get(dtmf_rx_state_t *s, char *digits, int max);
    [LibraryImport(Library, EntryPoint = "dtmf_rx_get")]
    internal static partial nuint DtmfRxGet(nint state, byte* digits, int max);
}
