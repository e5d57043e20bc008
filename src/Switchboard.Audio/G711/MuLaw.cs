namespace Switchboard.Audio.G711;

/// <summary>
/// ITU-T G.711 μ-law encoder and decoder (PCM16 ↔ 8-bit codes), table-driven and allocation-free.
/// </summary>
/// <remarks>
/// <para>
/// Encoding follows the classic Sun/CCITT reference (bias 0x84, magnitude clip 32635, sign-magnitude,
/// code bits inverted): the 16-bit input is encoded by its full precision, i.e. no rounding to 14 bits first.
/// Decoding yields the G.711 reconstruction values (range ±32124).
/// </para>
/// <para>
/// Negative inputs use the plain magnitude (-x), as in the Sun/CCITT code and in sox: tests show byte-for-byte
/// agreement with sox on every 14-bit value. The G.191 STL variant takes the one's complement of negative inputs
/// instead, which moves each negative decision boundary by one 16-bit step; decoding is identical in both.
/// </para>
/// <para>Thread-safety: all members are stateless and safe to call concurrently. The methods never keep references
/// to the spans passed in; the caller owns all buffers.</para>
/// </remarks>
public static class MuLaw
{
    private const int Bias = 0x84;
    private const int Clip = 32635;

    // 64 KiB encode table indexed by the raw 16-bit pattern: one load per sample beats the segment search,
    // and the table is shared by every call in the process.
    private static readonly byte[] EncodeTable = BuildEncodeTable();
    private static readonly short[] DecodeTable = BuildDecodeTable();

    /// <summary>Encodes one PCM16 sample to a μ-law code.</summary>
    public static byte Encode(short sample) => EncodeTable[(ushort)sample];

    /// <summary>Decodes one μ-law code to PCM16.</summary>
    public static short Decode(byte code) => DecodeTable[code];

    /// <summary>Encodes <paramref name="pcm"/> into <paramref name="destination"/> (one byte per sample).</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="pcm"/>.</exception>
    public static void Encode(ReadOnlySpan<short> pcm, Span<byte> destination)
    {
        if (destination.Length < pcm.Length)
        {
            throw new ArgumentException(
                $"Destination holds {destination.Length} bytes but {pcm.Length} samples must be encoded.", nameof(destination));
        }

        byte[] table = EncodeTable;
        for (int i = 0; i < pcm.Length; i++)
        {
            destination[i] = table[(ushort)pcm[i]];
        }
    }

    /// <summary>Decodes <paramref name="codes"/> into <paramref name="destination"/> (one sample per byte).</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="codes"/>.</exception>
    public static void Decode(ReadOnlySpan<byte> codes, Span<short> destination)
    {
        if (destination.Length < codes.Length)
        {
            throw new ArgumentException(
                $"Destination holds {destination.Length} samples but {codes.Length} codes must be decoded.", nameof(destination));
        }

        short[] table = DecodeTable;
        for (int i = 0; i < codes.Length; i++)
        {
            destination[i] = table[codes[i]];
        }
    }

    private static byte EncodeSlow(int sample)
    {
        int sign = sample < 0 ? 0x80 : 0x00;
        int magnitude = sample < 0 ? -sample : sample;
        if (magnitude > Clip)
        {
            magnitude = Clip;
        }

        magnitude += Bias;
        int exponent = 7;
        for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1)
        {
            exponent--;
        }

        int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
    }

    private static short DecodeSlow(byte code)
    {
        int u = ~code & 0xFF;
        int t = (((u & 0x0F) << 3) + Bias) << ((u & 0x70) >> 4);
        return (short)((u & 0x80) != 0 ? Bias - t : t - Bias);
    }

    private static byte[] BuildEncodeTable()
    {
        var table = new byte[65536];
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = EncodeSlow((short)i);
        }

        return table;
    }

    private static short[] BuildDecodeTable()
    {
        var table = new short[256];
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = DecodeSlow((byte)i);
        }

        return table;
    }
}
