namespace Switchboard.Audio.G711;

/// <summary>
/// ITU-T G.711 A-law encoder and decoder (PCM16 ↔ 8-bit codes), table-driven and allocation-free.
/// </summary>
/// <remarks>
/// <para>
/// Encoding follows the ITU-T G.191 / Sun reference: the 16-bit sample is truncated to 13 bits, negative values use
/// the one's complement magnitude, and even bits are toggled with 0x55. Decoding yields the G.711 reconstruction
/// values (range ±32256).
/// </para>
/// <para>Thread-safety: all members are stateless and safe to call concurrently. The methods never keep references
/// to the spans passed in; the caller owns all buffers.</para>
/// </remarks>
public static class ALaw
{
    private static readonly byte[] EncodeTable = BuildEncodeTable();
    private static readonly short[] DecodeTable = BuildDecodeTable();

    /// <summary>Encodes one PCM16 sample to an A-law code.</summary>
    public static byte Encode(short sample) => EncodeTable[(ushort)sample];

    /// <summary>Decodes one A-law code to PCM16.</summary>
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
        // One's complement keeps the quantiser symmetric: -1 lands in the same interval as 0.
        int magnitude = sample >= 0 ? sample >> 3 : ~sample >> 3;
        int mask = sample >= 0 ? 0xD5 : 0x55;
        if (magnitude < 32)
        {
            return (byte)((magnitude >> 1) ^ mask);
        }

        int segment = 1;
        while (magnitude >= 64 && segment < 7)
        {
            magnitude >>= 1;
            segment++;
        }

        return (byte)(((segment << 4) | ((magnitude >> 1) & 0x0F)) ^ mask);
    }

    private static short DecodeSlow(byte code)
    {
        int a = code ^ 0x55;
        int t = (a & 0x0F) << 4;
        int segment = (a & 0x70) >> 4;
        t = segment switch
        {
            0 => t + 8,
            1 => t + 0x108,
            _ => (t + 0x108) << (segment - 1),
        };
        return (short)((a & 0x80) != 0 ? t : -t);
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
