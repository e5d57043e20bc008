using System.Buffers.Binary;
using Switchboard.Audio.Wav;

namespace Switchboard.Audio.Tests.Wav;

/// <summary>
/// Feeds the reader 100,000+ mutated WAV files (seeded, so failures reproduce) and accepts only two outcomes:
/// a successful read or <see cref="WavFormatException"/>.
/// </summary>
public sealed class WavFuzzTests
{
    private const int Iterations = 100_000;

    private static readonly uint[] ExtremeSizes = [0, 1, 2, 3, 15, 16, 17, 39, 40, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFF0, 0xFFFF_FFFE, 0xFFFF_FFFF];

    private static byte[][] Seeds()
    {
        short[] samples = new short[64];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)(i * 997);
        }

        byte[] pcm = WavBuilder.Pcm16(samples);
        return
        [
            new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(1, 1, 8000, 16)).Chunk("data", pcm).Build(),
            new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(1, 2, 48000, 16)).Chunk("LIST", new byte[7]).Chunk("data", pcm).Build(),
            new WavBuilder().Chunk("fmt ", WavBuilder.ExtensibleFmt(3, 2, 16000, 32)).Chunk("fact", new byte[4]).Chunk("data", pcm).Build(),
            new WavBuilder().Chunk("LIST", new byte[9]).Chunk("fmt ", WavBuilder.Fmt(7, 1, 8000, 8, extraBytes: 0)).Chunk("data", pcm[..33]).Build(),
            new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(1, 3, 22050, 24)).Chunk("data", pcm[..72], declaredSize: 0xFFFFFFFF).Build(),
            new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(3, 1, 8000, 64)).Chunk("data", pcm).Build(),
        ];
    }

    [Fact]
    public void Mutated_headers_only_ever_read_or_throw_WavFormatException()
    {
        byte[][] seeds = Seeds();
        var random = new Random(20261124);
        int succeeded = 0;
        int rejected = 0;
        for (int iteration = 0; iteration < Iterations; iteration++)
        {
            byte[] file = Mutate(seeds[random.Next(seeds.Length)], random);
            bool pipe = iteration % 16 == 0;
            try
            {
                WavAudio audio = pipe ? WavReader.Read(new NonSeekableStream(file, iteration)) : WavReader.Read(new MemoryStream(file));
                // Output can never exceed the input: one sample per block of at least one byte.
                Assert.True(audio.Samples.Length <= file.Length, $"iteration {iteration}: {audio.Samples.Length} samples from {file.Length} bytes");
                succeeded++;
            }
            catch (WavFormatException)
            {
                rejected++;
            }
            catch (Exception ex)
            {
                Assert.Fail($"iteration {iteration} (pipe={pipe}): {ex.GetType().Name}: {ex.Message}\nfile: {Convert.ToHexString(file)}");
            }
        }

        Assert.Equal(Iterations, succeeded + rejected);
        // A fuzzer that only ever fails (or only succeeds) is not exercising the parser.
        Assert.True(succeeded > Iterations / 20, $"only {succeeded} successful reads");
        Assert.True(rejected > Iterations / 20, $"only {rejected} rejections");
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        byte[] file = (byte[])seed.Clone();
        int mutations = random.Next(1, 5);
        for (int m = 0; m < mutations; m++)
        {
            // Most mutations aim at the header, where the parser's decisions are.
            int headerEnd = Math.Min(file.Length, 80);
            if (headerEnd == 0)
            {
                break;
            }

            switch (random.Next(6))
            {
                case 0:
                    int bit = random.Next(headerEnd * 8);
                    file[bit / 8] ^= (byte)(1 << (bit % 8));
                    break;
                case 1:
                    file[random.Next(headerEnd)] = (byte)random.Next(256);
                    break;
                case 2:
                    file = file[..random.Next(file.Length)];
                    break;
                case 3:
                    if (file.Length >= 8)
                    {
                        int offset = random.Next(file.Length - 3);
                        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(offset), ExtremeSizes[random.Next(ExtremeSizes.Length)]);
                    }

                    break;
                case 4:
                    // Size fields at the places real files keep them: RIFF size, first chunk size, fmt fields.
                    int[] fields = [4, 16, 22, 24, 28, 32, 34, 40, 44];
                    int field = fields[random.Next(fields.Length)];
                    if (field + 4 <= file.Length)
                    {
                        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(field), ExtremeSizes[random.Next(ExtremeSizes.Length)]);
                    }

                    break;
                default:
                    int from = random.Next(file.Length);
                    int length = random.Next(1, Math.Min(16, file.Length - from) + 1);
                    int to = random.Next(file.Length);
                    byte[] grown = new byte[file.Length + length];
                    file.AsSpan(0, to).CopyTo(grown);
                    file.AsSpan(from, length).CopyTo(grown.AsSpan(to));
                    file.AsSpan(to).CopyTo(grown.AsSpan(to + length));
                    file = grown;
                    break;
            }
        }

        return file;
    }
}
