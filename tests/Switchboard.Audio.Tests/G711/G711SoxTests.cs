using System.Buffers.Binary;
using Switchboard.Audio.G711;
using Switchboard.Audio.Tests.Wav;

namespace Switchboard.Audio.Tests.G711;

/// <summary>
/// Compares our codecs with sox on every PCM16 value and every code. Findings that shape the assertions:
/// sox first rounds a 16-bit sample to nearest 14 bits (μ-law) or 13 bits (A-law), clipping at the top, then encodes
/// with the same reference quantiser; and without <c>-D</c> it adds dither. So: with -D, every value that is
/// exactly representable in 14/13 bits must encode byte-for-byte identically, and every other value must encode as
/// our encoder does on sox's rounded value.
/// </summary>
public sealed class G711SoxTests
{
    private static readonly string[] RawPcm16 = ["-t", "raw", "-r", "8000", "-e", "signed-integer", "-b", "16", "-c", "1", "-L"];

    [SoxFact]
    public void MuLaw_encoding_of_all_65536_values_matches_sox()
    {
        byte[] sox = EncodeAllWithSox("u-law");
        AssertMatchesSox(sox, MuLaw.Encode, precisionBits: 14);
    }

    [SoxFact]
    public void ALaw_encoding_of_all_65536_values_matches_sox()
    {
        byte[] sox = EncodeAllWithSox("a-law");
        AssertMatchesSox(sox, ALaw.Encode, precisionBits: 13);
    }

    [SoxFact]
    public void MuLaw_decoding_of_all_256_codes_matches_sox()
    {
        short[] sox = DecodeAllWithSox("u-law");
        for (int c = 0; c < 256; c++)
        {
            Assert.True(sox[c] == MuLaw.Decode((byte)c), $"code 0x{c:X2}: sox {sox[c]}, ours {MuLaw.Decode((byte)c)}");
        }
    }

    [SoxFact]
    public void ALaw_decoding_of_all_256_codes_matches_sox()
    {
        short[] sox = DecodeAllWithSox("a-law");
        for (int c = 0; c < 256; c++)
        {
            Assert.True(sox[c] == ALaw.Decode((byte)c), $"code 0x{c:X2}: sox {sox[c]}, ours {ALaw.Decode((byte)c)}");
        }
    }

    private static void AssertMatchesSox(byte[] sox, Func<short, byte> encode, int precisionBits)
    {
        Assert.Equal(65536, sox.Length);
        int quantum = 1 << (16 - precisionBits);
        int exactCompared = 0;
        for (int x = short.MinValue; x <= short.MaxValue; x++)
        {
            byte soxCode = sox[x - short.MinValue];
            if (x % quantum == 0)
            {
                exactCompared++;
                Assert.True(encode((short)x) == soxCode, $"x={x}: sox 0x{soxCode:X2}, ours 0x{encode((short)x):X2}");
            }

            int rounded = (int)Math.Floor((x + (quantum / 2)) / (double)quantum) * quantum;
            rounded = Math.Min(rounded, short.MaxValue - (quantum - 1));
            Assert.True(encode((short)rounded) == soxCode, $"x={x} (sox rounds to {rounded}): sox 0x{soxCode:X2}, ours 0x{encode((short)rounded):X2}");
        }

        Assert.Equal(65536 / quantum, exactCompared);
    }

    private static byte[] EncodeAllWithSox(string encoding)
    {
        using var temp = new TempDirectory();
        var input = new byte[65536 * 2];
        for (int i = 0; i < 65536; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(input.AsSpan(i * 2), (short)(i + short.MinValue));
        }

        File.WriteAllBytes(temp.File("in.raw"), input);
        // -D: sox would otherwise dither when reducing 16-bit PCM to G.711, making the output random.
        SoxRunner.Run([.. new[] { "-D" }, .. RawPcm16, temp.File("in.raw"), "-t", "raw", "-e", encoding, "-b", "8", temp.File("out.raw")]);
        return File.ReadAllBytes(temp.File("out.raw"));
    }

    private static short[] DecodeAllWithSox(string encoding)
    {
        using var temp = new TempDirectory();
        var codes = new byte[256];
        for (int i = 0; i < codes.Length; i++)
        {
            codes[i] = (byte)i;
        }

        File.WriteAllBytes(temp.File("in.raw"), codes);
        SoxRunner.Run(["-D", "-t", "raw", "-r", "8000", "-e", encoding, "-b", "8", "-c", "1", temp.File("in.raw"), .. RawPcm16, temp.File("out.raw")]);
        byte[] bytes = File.ReadAllBytes(temp.File("out.raw"));
        Assert.Equal(512, bytes.Length);
        var result = new short[256];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(i * 2));
        }

        return result;
    }
}
