using System.Buffers.Binary;

namespace Switchboard.Audio.Tests.Vad;

/// <summary>Minimal PCM16 mono WAV reader for test fixtures; the product's WAV reader is tested elsewhere.</summary>
internal static class TestWav
{
    public static (short[] Samples, int SampleRate) Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 12 || BinaryPrimitives.ReadUInt32BigEndian(bytes) != 0x52494646 || BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8)) != 0x57415645)
        {
            throw new InvalidDataException($"{path} is not a RIFF/WAVE file.");
        }

        int offset = 12;
        int sampleRate = 0;
        while (offset + 8 <= bytes.Length)
        {
            uint id = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset));
            int size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4));
            int body = offset + 8;
            if (id == 0x666d7420)
            {
                ushort format = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(body));
                ushort channels = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(body + 2));
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(body + 4));
                ushort bits = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(body + 14));
                if (format != 1 || channels != 1 || bits != 16)
                {
                    throw new InvalidDataException($"{path}: expected PCM16 mono, got format {format}, {channels} channels, {bits} bits.");
                }
            }
            else if (id == 0x64617461)
            {
                // Streaming writers (sox to a pipe, flite) may leave the data size unset; trust the file length.
                int length = size <= 0 || body + size > bytes.Length ? bytes.Length - body : size;
                var samples = new short[length / 2];
                for (int i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body + (2 * i)));
                }

                return sampleRate == 0 ? throw new InvalidDataException($"{path}: data before fmt chunk.") : (samples, sampleRate);
            }

            offset = body + size + (size & 1);
        }

        throw new InvalidDataException($"{path}: no data chunk.");
    }
}
