namespace Switchboard.Bench.Audio.Native;

/// <summary>
/// One spandsp G.711 codec context (<c>g711_init(NULL, mode)</c>) driven through the exported
/// <c>g711_encode</c>/<c>g711_decode</c>; the header's inline <c>linear_to_ulaw</c> and friends are not exported.
/// Not thread-safe; owns the native context until disposed.
/// </summary>
internal sealed unsafe class SpanDspG711 : IDisposable
{
    private nint _state;

    public SpanDspG711(int mode)
    {
        _state = SpanDsp.G711Init(0, mode);
        if (_state == 0)
        {
            throw new InvalidOperationException($"g711_init(NULL, {mode}) returned NULL.");
        }
    }

    public int Encode(ReadOnlySpan<short> pcm, Span<byte> codes)
    {
        if (codes.Length < pcm.Length)
        {
            throw new ArgumentException("Destination is shorter than the input.", nameof(codes));
        }

        fixed (short* amp = pcm)
        fixed (byte* data = codes)
        {
            return SpanDsp.G711Encode(_state, data, amp, pcm.Length);
        }
    }

    public int Decode(ReadOnlySpan<byte> codes, Span<short> pcm)
    {
        if (pcm.Length < codes.Length)
        {
            throw new ArgumentException("Destination is shorter than the input.", nameof(pcm));
        }

        fixed (byte* data = codes)
        fixed (short* amp = pcm)
        {
            return SpanDsp.G711Decode(_state, amp, data, codes.Length);
        }
    }

    public void Dispose()
    {
        if (_state != 0)
        {
            _ = SpanDsp.G711Free(_state);
            _state = 0;
        }
    }
}
