using System.Buffers.Binary;
using Switchboard.Speech.Flite;

namespace Switchboard.Speech.Tests.Flite;

public sealed class PcmByteMemoryTests
{
    [Fact]
    public void The_bytes_are_the_samples_little_endian_and_pins_nest()
    {
        short[] samples = [1, -2, 300, short.MinValue, short.MaxValue];
        var memory = new PcmByteMemory(samples).Memory;

        Assert.Equal(samples.Length * 2, memory.Length);
        for (int i = 0; i < samples.Length; i++)
        {
            Assert.Equal(samples[i], BinaryPrimitives.ReadInt16LittleEndian(memory.Span[(i * 2)..]));
        }

        // A view, not a copy: a change to the samples shows.
        samples[0] = 0x0102;
        Assert.Equal(0x02, memory.Span[0]);

        // Nested pins share one GC handle, freed with the last; unbalanced unpinning would throw from GCHandle.Free.
        var outer = memory.Pin();
        var inner = memory[4..].Pin();
        inner.Dispose();
        outer.Dispose();
        memory.Pin().Dispose();
        Assert.Throws<ArgumentOutOfRangeException>(() => new PcmByteMemory(samples).Pin(samples.Length * 2 + 1));
    }
}
