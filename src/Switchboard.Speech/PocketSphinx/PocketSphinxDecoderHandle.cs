using System.Runtime.InteropServices;

namespace Switchboard.Speech.PocketSphinx;

/// <summary>Owns a <c>ps_decoder_t*</c>; released with <c>ps_free</c>.</summary>
internal sealed class PocketSphinxDecoderHandle : SafeHandle
{
    public PocketSphinxDecoderHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    internal PocketSphinxDecoderHandle(nint decoder)
        : base(nint.Zero, ownsHandle: true)
    {
        SetHandle(decoder);
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        _ = PocketSphinxNative.Free(handle);
        return true;
    }
}
