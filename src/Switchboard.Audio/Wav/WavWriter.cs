using System.Buffers;
using System.Buffers.Binary;
using Switchboard.Audio.G711;

namespace Switchboard.Audio.Wav;

/// <summary>Writes mono WAV files as PCM16, μ-law or A-law at any sample rate.</summary>
/// <remarks>
/// <para>PCM16 files get the canonical 44-byte header. G.711 files get an 18-byte <c>fmt </c> chunk and the
/// <c>fact</c> chunk that RIFF requires for non-PCM formats; an odd-length data chunk gets its pad byte.</para>
/// <para><b>Thread-safety and ownership.</b> Stateless; concurrent calls on different streams are safe. The stream
/// is written at its current position, flushed, and not disposed; the samples are only read.</para>
/// </remarks>
public static class WavWriter
{
    private const int ChunkSamples = 4096;

    /// <summary>Writes <paramref name="samples"/> (mono PCM16) as a WAV file.</summary>
    /// <param name="stream">Writable destination.</param>
    /// <param name="samples">Mono PCM16 samples.</param>
    /// <param name="sampleRate">Sample rate to declare, 1 Hz to 1 MHz.</param>
    /// <param name="encoding"><see cref="WavEncoding.Pcm16"/>, <see cref="WavEncoding.MuLaw"/> or
    /// <see cref="WavEncoding.ALaw"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException">The stream is not writable, the encoding is not writable, or the data
    /// would not fit a RIFF file (4 GiB).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sampleRate"/> is out of range.</exception>
    public static void Write(Stream stream, ReadOnlySpan<short> samples, int sampleRate, WavEncoding encoding = WavEncoding.Pcm16)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream is not writable.", nameof(stream));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRate, 1_000_000);
        (ushort tag, int bytesPerSample) = encoding switch
        {
            WavEncoding.Pcm16 => ((ushort)1, 2),
            WavEncoding.ALaw => ((ushort)6, 1),
            WavEncoding.MuLaw => ((ushort)7, 1),
            _ => throw new ArgumentException($"Cannot write {encoding}: PCM16, μ-law and A-law are supported.", nameof(encoding)),
        };

        bool pcm = encoding == WavEncoding.Pcm16;
        long dataBytes = (long)samples.Length * bytesPerSample;
        int pad = (int)(dataBytes & 1);
        int fmtSize = pcm ? 16 : 18;
        int factChunk = pcm ? 0 : 12;
        long riffSize = 4 + (8 + fmtSize) + factChunk + 8 + dataBytes + pad;
        if (riffSize > uint.MaxValue)
        {
            throw new ArgumentException("Too many samples for a RIFF file (4 GiB limit).", nameof(samples));
        }

        Span<byte> header = stackalloc byte[60];
        int h = 0;
        "RIFF"u8.CopyTo(header[h..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[(h + 4)..], (uint)riffSize);
        "WAVE"u8.CopyTo(header[(h + 8)..]);
        h += 12;
        "fmt "u8.CopyTo(header[h..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[(h + 4)..], (uint)fmtSize);
        BinaryPrimitives.WriteUInt16LittleEndian(header[(h + 8)..], tag);
        BinaryPrimitives.WriteUInt16LittleEndian(header[(h + 10)..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header[(h + 12)..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[(h + 16)..], (uint)(sampleRate * bytesPerSample));
        BinaryPrimitives.WriteUInt16LittleEndian(header[(h + 20)..], (ushort)bytesPerSample);
        BinaryPrimitives.WriteUInt16LittleEndian(header[(h + 22)..], (ushort)(bytesPerSample * 8));
        h += 24;
        if (!pcm)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header[h..], 0);
            h += 2;
            "fact"u8.CopyTo(header[h..]);
            BinaryPrimitives.WriteUInt32LittleEndian(header[(h + 4)..], 4);
            BinaryPrimitives.WriteUInt32LittleEndian(header[(h + 8)..], (uint)samples.Length);
            h += 12;
        }

        "data"u8.CopyTo(header[h..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[(h + 4)..], (uint)dataBytes);
        h += 8;
        stream.Write(header[..h]);

        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkSamples * 2);
        try
        {
            for (int offset = 0; offset < samples.Length; offset += ChunkSamples)
            {
                ReadOnlySpan<short> chunk = samples.Slice(offset, Math.Min(ChunkSamples, samples.Length - offset));
                Span<byte> bytes = buffer.AsSpan(0, chunk.Length * bytesPerSample);
                switch (encoding)
                {
                    case WavEncoding.Pcm16:
                        for (int i = 0; i < chunk.Length; i++)
                        {
                            BinaryPrimitives.WriteInt16LittleEndian(bytes[(i * 2)..], chunk[i]);
                        }

                        break;
                    case WavEncoding.MuLaw:
                        MuLaw.Encode(chunk, bytes);
                        break;
                    default:
                        ALaw.Encode(chunk, bytes);
                        break;
                }

                stream.Write(bytes);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (pad == 1)
        {
            stream.WriteByte(0);
        }

        stream.Flush();
    }
}
