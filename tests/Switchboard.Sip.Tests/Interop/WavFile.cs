using System.Buffers.Binary;
using System.Text;

namespace Switchboard.Sip.Tests.Interop;

/// <summary>Minimal PCM16 mono WAV writing and reading for interop tests.</summary>
internal static class WavFile
{
    public static void Write(string path, ReadOnlySpan<short> samples, int sampleRate)
    {
        using var stream = File.Create(path);
        Span<byte> header = stackalloc byte[44];
        Encoding.ASCII.GetBytes("RIFF", header);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], 36 + (samples.Length * 2));
        Encoding.ASCII.GetBytes("WAVEfmt ", header[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(header[22..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], sampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(header[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(header[34..], 16);
        Encoding.ASCII.GetBytes("data", header[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[40..], samples.Length * 2);
        stream.Write(header);
        byte[] data = new byte[samples.Length * 2];
        for (int i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(i * 2), samples[i]);
        }

        stream.Write(data);
    }

    /// <summary>Reads a PCM16 WAV (first channel), walking the chunks; returns samples and rate.</summary>
    public static (short[] Samples, int SampleRate, int Channels) Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length >= 12 && Encoding.ASCII.GetString(bytes, 0, 4) == "RIFF" && Encoding.ASCII.GetString(bytes, 8, 4) == "WAVE", path + " is not a WAV file");
        int offset = 12;
        int rate = 0;
        int channels = 1;
        int bits = 0;
        while (offset + 8 <= bytes.Length)
        {
            string id = Encoding.ASCII.GetString(bytes, offset, 4);
            int size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4));
            int body = offset + 8;
            if (id == "fmt ")
            {
                channels = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body + 2));
                rate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(body + 4));
                bits = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body + 14));
            }
            else if (id == "data")
            {
                Assert.Equal(16, bits);
                // A writer killed mid-call leaves the size unpatched; take what is there.
                int available = Math.Min(size < 0 ? int.MaxValue : size, bytes.Length - body);
                int frames = available / (2 * channels);
                short[] samples = new short[frames];
                for (int i = 0; i < frames; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body + (i * 2 * channels)));
                }

                return (samples, rate, channels);
            }

            offset = body + size + (size & 1);
        }

        Assert.Fail(path + " has no data chunk");
        throw new InvalidOperationException();
    }
}
