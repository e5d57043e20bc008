using Switchboard.Audio.G711;

namespace Switchboard.Audio.Tests.G711;

public sealed class MuLawTests
{
    [Fact]
    public void Encode_matches_the_reference_for_all_65536_inputs()
    {
        for (int x = short.MinValue; x <= short.MaxValue; x++)
        {
            byte expected = G711Reference.MuLawEncode(x);
            byte actual = MuLaw.Encode((short)x);
            Assert.True(expected == actual, $"μ-law encode({x}) = 0x{actual:X2}, expected 0x{expected:X2}");
        }
    }

    [Fact]
    public void Decode_matches_the_reference_for_all_256_codes()
    {
        for (int c = 0; c < 256; c++)
        {
            Assert.Equal(G711Reference.MuLawDecode((byte)c), MuLaw.Decode((byte)c));
        }
    }

    [Theory]
    [InlineData(0xFF, 0)]
    [InlineData(0x7F, 0)]
    [InlineData(0x80, 32124)]
    [InlineData(0x00, -32124)]
    [InlineData(0xFE, 8)]
    [InlineData(0x7E, -8)]
    [InlineData(0xF0, 120)]
    [InlineData(0xEF, 132)]
    [InlineData(0x8F, 16764)]
    public void Decode_gives_the_known_G711_values(int code, int expected)
    {
        Assert.Equal(expected, MuLaw.Decode((byte)code));
    }

    [Theory]
    [InlineData(0, 0xFF)]
    [InlineData(3, 0xFF)]
    [InlineData(4, 0xFE)]
    [InlineData(-1, 0x7F)]
    [InlineData(-4, 0x7E)]
    [InlineData(32767, 0x80)]
    [InlineData(32635, 0x80)]
    [InlineData(-32768, 0x00)]
    [InlineData(1000, 0xCE)]
    public void Encode_gives_the_known_G711_codes(int sample, int expected)
    {
        Assert.Equal(expected, MuLaw.Encode((short)sample));
    }

    [Fact]
    public void Every_code_round_trips_except_negative_zero()
    {
        for (int c = 0; c < 256; c++)
        {
            byte code = (byte)c;
            byte again = MuLaw.Encode(MuLaw.Decode(code));
            // 0x7F decodes to 0, which the encoder writes as positive zero 0xFF.
            byte expected = code == 0x7F ? (byte)0xFF : code;
            Assert.Equal(expected, again);
        }
    }

    [Fact]
    public void Quantised_value_is_monotonic_and_within_half_a_step()
    {
        int previous = int.MinValue;
        for (int x = short.MinValue; x <= short.MaxValue; x++)
        {
            int q = MuLaw.Decode(MuLaw.Encode((short)x));
            Assert.True(q >= previous, $"decode(encode(x)) decreases at x={x}");
            previous = q;
            int magnitude = Math.Min(Math.Abs(x), 32635);
            // Largest step is 1024 (segment 7); error is at most half of it inside the clip range.
            if (Math.Abs(x) <= 32635)
            {
                Assert.True(Math.Abs(Math.Abs(q) - magnitude) <= 512, $"error too large at x={x}: q={q}");
            }
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
        MuLaw.Encode(pcm, codes);
        var decoded = new short[codes.Length];
        MuLaw.Decode(codes, decoded);
        for (int i = 0; i < pcm.Length; i++)
        {
            Assert.Equal(MuLaw.Encode(pcm[i]), codes[i]);
            Assert.Equal(MuLaw.Decode(codes[i]), decoded[i]);
        }
    }

    [Fact]
    public void Short_destinations_are_rejected_with_ArgumentException()
    {
        Assert.Throws<ArgumentException>(() => MuLaw.Encode(new short[10], new byte[9]));
        Assert.Throws<ArgumentException>(() => MuLaw.Decode(new byte[10], new short[9]));
    }
}
