using System.Buffers;
using System.Runtime.InteropServices;

namespace Switchboard.Speech.Flite;

/// <summary>
/// The bytes of a sample array, as <see cref="Memory{T}"/> of bytes without a copy: raw PCM output hands flite's samples
/// over as they are (little-endian machines only), instead of a second array of the same size per sentence.
/// </summary>
internal sealed class PcmByteMemory(short[] samples) : MemoryManager<byte>
{
    private GCHandle _pin;
    private int _pins;

    public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(samples.AsSpan());

    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, samples.Length * sizeof(short));
        lock (this)
        {
            if (_pins++ == 0) _pin = GCHandle.Alloc(samples, GCHandleType.Pinned);
            return new MemoryHandle((byte*)_pin.AddrOfPinnedObject() + elementIndex, default, this);
        }
    }

    public override void Unpin()
    {
        lock (this)
        {
            if (--_pins == 0) _pin.Free();
        }
    }

    protected override void Dispose(bool disposing)
    {
        // Nothing owned: the sample array is the GC's.
    }
}
