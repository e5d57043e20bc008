using Switchboard.Audio.G711;

namespace Switchboard.Audio.Tests.G711;

public sealed class ALawTests
{
    [Fact]
    public void Encode_matches_the_reference_for_all_65536_inputs()
    {
        for (int x = short.MinValue; x <= short.MaxValue; x++)
        {
            byte expected = G711Reference.ALawEncode(x);
            byte actual = ALaw.Encode((short)x);
            Assert.True(expected == actual, $"A-law encode({x}) = 0x{actual:X2}, expected 0x{expected:X2}");
        }
    }

    [Fact]
    public void Decode_matches_the_reference_for_all_256_codes()
    {
        for (int c = 0; c < 256; c++)
        {
            Assert.Equal(G711Reference.ALawDecode((byte)c), ALaw.Decode((byte)c));
        }
    }

    [Theory]
    [InlineData(0xD5, 8)]
    [InlineData(0x55, -8)]
    [InlineData(0xAA, 32256)]
    [InlineData(0x2A, -32256)]
    [InlineData(0xD4, 24)]
    [InlineData(0xC5, 264)]
    [InlineData(0xF5, 528)]
    public void Decode_gives_the_known_G711_values(int code, int expected)
    {
        Assert.Equal(expected, ALaw.Decode((byte)code));
    }

    [Theory]
    [InlineData(0, 0xD5)]
    [InlineData(15, 0xD5)]
    [InlineData(16, 0xD4)]
    [InlineData(-1, 0x55)]
    [InlineData(-16, 0x55)]
    [InlineData(-17, 0x54)]
    [InlineData(32767, 0xAA)]
    [InlineData(-32768, 0x2A)]
    [InlineData(1000, 0xFA)]
    public void Encode_gives_the_known_G711_codes(int sample, int expected)
    {
        Assert.Equal(expected, ALaw.Encode((short)sample));
    }

    [Fact]
    public void Every_code_round_trips()
    {
        for (int c = 0; c < 256; c++)
        {
            Assert.Equal((byte)c, ALaw.Encode(ALaw.Decode((byte)c)));
        }
    }

    [Fact]
    public void Quantised_value_is_monotonic_and_within_half_a_step()
    {
        int previous = int.MinValue;
        for (int x = short.MinValue; x <= short.MaxValue; x++)
        {
            int q = ALaw.Decode(ALaw.Encode((short)x));
            Assert.True(q >= previous, $"decode(encode(x)) decreases at x={x}");
            previous = q;
            // Largest step is 1024 (segment 7), so the error never exceeds half of it.
            Assert.True(Math.Abs(q - x) <= 512, $"error too large at x={x}: q={q}");
        }
    }

    [Fact]
    public void Span_encode_and_decode_equal_the_per_sample_helpers()
    {
        var pcm = new short[65536];
        for (int i = 0; i < pcm.Length; i++)
        {
            pcm[i] = (short)(i + short.MinValue);
        }

        var codes = new byte[pcm.Length];
        ALaw.Encode(pcm, codes);
        var decoded = new short[codes.Length];
        ALaw.Decode(codes, decoded);
        for (int i = 0; i < pcm.Length; i++)
        {
            Assert.Equal(ALaw.Encode(pcm[i]), codes[i]);
            Assert.Equal(ALaw.Decode(codes[i]), decoded[i]);
        }
    }

    [Fact]
    public void Short_destinations_are_rejected_with_ArgumentException()
    {
        Assert.Throws<ArgumentException>(() => ALaw.Encode(new short[10], new byte[9]));
        Assert.Throws<ArgumentException>(() => ALaw.Decode(new byte[10], new short[9]));
    }
}
