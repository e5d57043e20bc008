using System.Buffers.Binary;
using Switchboard.Audio.G711;

namespace Switchboard.Audio.Wav;

/// <summary>
/// Reads RIFF/WAVE files into mono PCM16 at the file's own sample rate.
/// </summary>
/// <remarks>
/// <para><b>Accepted.</b> PCM 8/16/24/32-bit, IEEE float 32/64-bit, μ-law, A-law, each plain or as
/// WAVE_FORMAT_EXTENSIBLE; 1 to 8 channels, averaged to mono; sample rates 1 Hz to 1 MHz. Unknown chunks
/// (<c>LIST</c>, <c>fact</c>, <c>bext</c>, ...) are skipped, including after a missing pad byte. A data chunk whose
/// size is 0, 0xFFFFFFFF or larger than the rest of the stream (files written while streaming) is read to the end
/// of the stream. Chunks after the data chunk are ignored. A trailing partial sample frame is dropped.</para>
/// <para><b>Float data.</b> Values are scaled by 32768 and rounded; NaN is read as 0 (silence); ±∞ and values beyond
/// ±1.0 are clamped to the PCM16 range. Float data is never rejected.</para>
/// <para><b>Rejected</b> with <see cref="WavFormatException"/>: not RIFF/WAVE, truncated header or chunk before the
/// data, missing/short/oversized <c>fmt </c> chunk, unsupported format tag, inconsistent bits/block align, zero or
/// more than 8 channels, zero block align, more than 1024 chunks before the data, data beyond the size limit.
/// Errors of the underlying stream (<see cref="IOException"/>) propagate unchanged.</para>
/// <para><b>Thread-safety and ownership.</b> Stateless; concurrent calls on different streams are safe. The stream
/// is read from its current position, is not disposed, and is not used after the call returns.</para>
/// </remarks>
public static class WavReader
{
    /// <summary>Default cap on the data chunk size: 1 GiB.</summary>
    public const long DefaultMaxDataBytes = 1L << 30;

    private const int MaxChunks = 1024;
    private const int MaxFmtBytes = 1024;
    private const int MaxChannels = 8;
    private const int MaxSampleRate = 1_000_000;
    private const ushort TagPcm = 0x0001;
    private const ushort TagFloat = 0x0003;
    private const ushort TagALaw = 0x0006;
    private const ushort TagMuLaw = 0x0007;
    private const ushort TagExtensible = 0xFFFE;

    // Bytes 2..15 of every KSDATAFORMAT_SUBTYPE_* GUID derived from a WAVE format tag (00000000-0000-0010-8000-00AA00389B71).
    private static ReadOnlySpan<byte> ExtensibleGuidTail => [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    /// <summary>Reads a whole WAV file from <paramref name="stream"/>, with the default data size cap.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="WavFormatException">The content is not a WAV file this reader accepts.</exception>
    public static WavAudio Read(Stream stream) => Read(stream, DefaultMaxDataBytes);

    /// <summary>Reads a whole WAV file from <paramref name="stream"/>.</summary>
    /// <param name="stream">Readable stream positioned at the RIFF header.</param>
    /// <param name="maxDataBytes">Largest data chunk accepted (bytes), protecting against memory exhaustion.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDataBytes"/> is not in 1 .. 2^31-1.</exception>
    /// <exception cref="WavFormatException">The content is not a WAV file this reader accepts.</exception>
    public static WavAudio Read(Stream stream, long maxDataBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxDataBytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDataBytes, Array.MaxLength);

        var source = new WavByteSource(stream);
        Span<byte> header = stackalloc byte[12];
        if (source.ReadFully(header) < 12)
        {
            throw new WavFormatException("Truncated file: shorter than the 12-byte RIFF header.");
        }

        if (header[..4].SequenceEqual("RIFX"u8) || header[..4].SequenceEqual("RF64"u8))
        {
            throw new WavFormatException($"Unsupported container '{Ascii(header[..4])}': only little-endian RIFF WAVE is supported.");
        }

        if (!header[..4].SequenceEqual("RIFF"u8) || !header[8..12].SequenceEqual("WAVE"u8))
        {
            throw new WavFormatException("Not a WAV file: the RIFF/WAVE signature is missing.");
        }

        // The RIFF size is ignored: streamed files write 0 or 0xFFFFFFFF there and the chunks are authoritative.
        WavFormat? format = null;
        Span<byte> chunkHeader = stackalloc byte[8];
        int pad = -1;
        for (int chunkIndex = 0; ; chunkIndex++)
        {
            if (chunkIndex >= MaxChunks)
            {
                throw new WavFormatException($"More than {MaxChunks} chunks before the data chunk.");
            }

            int got = source.ReadFully(chunkHeader);
            if (got < 8 || !IsChunkId(chunkHeader[..4]))
            {
                if (pad >= 0 && got > 0 && RetryWithoutPad(source, chunkHeader, got, (byte)pad))
                {
                    got = 8;
                }
                else if (got < 8)
                {
                    throw new WavFormatException(format is null
                        ? "Truncated file: no 'fmt ' chunk before the end of the file."
                        : "Truncated file: no 'data' chunk before the end of the file.");
                }
                else
                {
                    throw new WavFormatException($"Corrupt chunk header at chunk {chunkIndex}: id is not ASCII.");
                }
            }

            string id = Ascii(chunkHeader[..4]);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(chunkHeader[4..]);
            pad = -1;
            if (id == "fmt ")
            {
                if (format is not null)
                {
                    throw new WavFormatException("The file has more than one 'fmt ' chunk.");
                }

                format = ReadFormat(source, size);
                pad = ReadPad(source, size);
            }
            else if (id == "data")
            {
                if (format is null)
                {
                    throw new WavFormatException("The 'data' chunk comes before the 'fmt ' chunk.");
                }

                byte[] data = ReadData(source, size, maxDataBytes, out int length);
                return new WavAudio(format, Decode(format, data.AsSpan(0, length)));
            }
            else
            {
                if (source.Skip(size) < size)
                {
                    throw new WavFormatException($"Truncated file: chunk '{id}' of {size} bytes runs past the end of the file.");
                }

                pad = ReadPad(source, size);
            }
        }
    }

    private static bool RetryWithoutPad(WavByteSource source, Span<byte> chunkHeader, int got, byte pad)
    {
        // The byte taken as padding may be the first byte of the next chunk id: shift right by one and re-check.
        Span<byte> shifted = stackalloc byte[9];
        shifted[0] = pad;
        chunkHeader[..got].CopyTo(shifted[1..]);
        int available = got + 1;
        if (available < 8 || !IsChunkId(shifted[..4]))
        {
            return false;
        }

        shifted[..8].CopyTo(chunkHeader);
        if (available > 8)
        {
            source.Unread(shifted.Slice(8, available - 8));
        }

        return true;
    }

    private static int ReadPad(WavByteSource source, uint size)
    {
        if ((size & 1) == 0)
        {
            return -1;
        }

        Span<byte> one = stackalloc byte[1];
        return source.ReadFully(one) == 1 ? one[0] : -1;
    }

    private static WavFormat ReadFormat(WavByteSource source, uint size)
    {
        if (size < 16)
        {
            throw new WavFormatException($"The 'fmt ' chunk is {size} bytes; at least 16 are required.");
        }

        if (size > MaxFmtBytes)
        {
            throw new WavFormatException($"The 'fmt ' chunk is {size} bytes; more than {MaxFmtBytes} is not a real format.");
        }

        Span<byte> fmt = stackalloc byte[(int)size];
        if (source.ReadFully(fmt) < fmt.Length)
        {
            throw new WavFormatException("Truncated file: the 'fmt ' chunk is cut short.");
        }

        ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        uint sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);

        if (tag == TagExtensible)
        {
            if (size < 40)
            {
                throw new WavFormatException($"WAVE_FORMAT_EXTENSIBLE needs a 40-byte 'fmt ' chunk; this one has {size}.");
            }

            if (!fmt.Slice(26, 14).SequenceEqual(ExtensibleGuidTail))
            {
                throw new WavFormatException("Unsupported WAVE_FORMAT_EXTENSIBLE sub-format GUID.");
            }

            tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt[24..]);
        }

        if (channels < 1 || channels > MaxChannels)
        {
            throw new WavFormatException($"Unsupported channel count {channels}: 1 to {MaxChannels} are accepted.");
        }

        if (sampleRate < 1 || sampleRate > MaxSampleRate)
        {
            throw new WavFormatException($"Unsupported sample rate {sampleRate} Hz: 1 to {MaxSampleRate} are accepted.");
        }

        if (blockAlign == 0)
        {
            throw new WavFormatException("Block align is 0.");
        }

        WavEncoding encoding = (tag, bits) switch
        {
            (TagPcm, 8) => WavEncoding.Pcm8,
            (TagPcm, 16) => WavEncoding.Pcm16,
            (TagPcm, 24) => WavEncoding.Pcm24,
            (TagPcm, 32) => WavEncoding.Pcm32,
            (TagFloat, 32) => WavEncoding.Float32,
            (TagFloat, 64) => WavEncoding.Float64,
            (TagMuLaw, 8) => WavEncoding.MuLaw,
            (TagALaw, 8) => WavEncoding.ALaw,
            (TagPcm or TagFloat or TagMuLaw or TagALaw, _) => throw new WavFormatException(
                $"Unsupported bits per sample {bits} for format tag 0x{tag:X4}."),
            _ => throw new WavFormatException($"Unsupported format tag 0x{tag:X4}: PCM, IEEE float, μ-law and A-law are supported."),
        };

        if (blockAlign != channels * (bits / 8))
        {
            throw new WavFormatException(
                $"Block align {blockAlign} does not match {channels} channel(s) of {bits}-bit samples.");
        }

        return new WavFormat(encoding, (int)sampleRate, channels, bits, blockAlign);
    }

    private static byte[] ReadData(WavByteSource source, uint declared, long maxDataBytes, out int length)
    {
        // 0 and 0xFFFFFFFF are what streaming writers leave when they cannot seek back: read to the end.
        bool toEnd = declared is 0 or uint.MaxValue;
        long limit = toEnd ? long.MaxValue : declared;
        long? remaining = source.Remaining;
        if (remaining is long r)
        {
            limit = Math.Min(limit, r);
        }

        if (limit > maxDataBytes && remaining is not null)
        {
            throw new WavFormatException($"The data chunk holds {limit} bytes, more than the limit of {maxDataBytes}.");
        }

        int capacity = (int)Math.Min(Math.Min(limit, maxDataBytes), 1 << 20);
        var buffer = new byte[Math.Max(capacity, 16)];
        length = 0;
        while (length < limit)
        {
            if (length > maxDataBytes)
            {
                throw new WavFormatException($"The data chunk is larger than the limit of {maxDataBytes} bytes.");
            }

            if (length == buffer.Length)
            {
                // One byte past the limit is enough to tell "exactly at the limit" from "over it".
                long grown = Math.Min(Math.Min((long)buffer.Length * 2, maxDataBytes + 1), Array.MaxLength);
                if (grown == buffer.Length)
                {
                    break;
                }

                Array.Resize(ref buffer, (int)grown);
            }

            int want = (int)Math.Min(buffer.Length - length, limit - length);
            int read = source.ReadFully(buffer.AsSpan(length, want));
            length += read;
            if (read < want)
            {
                break;
            }
        }

        if (length > maxDataBytes)
        {
            throw new WavFormatException($"The data chunk is larger than the limit of {maxDataBytes} bytes.");
        }

        return buffer;
    }

    private static short[] Decode(WavFormat format, ReadOnlySpan<byte> data)
    {
        int frames = data.Length / format.BlockAlign;
        var samples = new short[frames];
        int channels = format.Channels;
        int width = format.BlockAlign / channels;
        for (int f = 0; f < frames; f++)
        {
            ReadOnlySpan<byte> frame = data.Slice(f * format.BlockAlign, format.BlockAlign);
            double sum = 0;
            for (int c = 0; c < channels; c++)
            {
                sum += DecodeOne(format.Encoding, frame.Slice(c * width, width));
            }

            samples[f] = ToPcm16(channels == 1 ? sum : sum / channels);
        }

        return samples;
    }

    /// <summary>One sample in PCM16 units, not yet rounded or clamped.</summary>
    private static double DecodeOne(WavEncoding encoding, ReadOnlySpan<byte> bytes) => encoding switch
    {
        WavEncoding.Pcm8 => (bytes[0] - 128) << 8,
        WavEncoding.Pcm16 => BinaryPrimitives.ReadInt16LittleEndian(bytes),
        WavEncoding.Pcm24 => ((bytes[2] << 24) | (bytes[1] << 16) | (bytes[0] << 8)) / 65536.0,
        WavEncoding.Pcm32 => BinaryPrimitives.ReadInt32LittleEndian(bytes) / 65536.0,
        WavEncoding.Float32 => FloatToPcm(BinaryPrimitives.ReadSingleLittleEndian(bytes)),
        WavEncoding.Float64 => FloatToPcm(BinaryPrimitives.ReadDoubleLittleEndian(bytes)),
        WavEncoding.MuLaw => MuLaw.Decode(bytes[0]),
        WavEncoding.ALaw => ALaw.Decode(bytes[0]),
        _ => throw new WavFormatException($"Unsupported encoding {encoding}."),
    };

    private static double FloatToPcm(double value)
    {
        if (double.IsNaN(value))
        {
            return 0;
        }

        // Clamp before scaling so ±∞ and huge values stay finite.
        return Math.Clamp(value, -1.0, 1.0) * 32768.0;
    }

    private static short ToPcm16(double value)
    {
        double rounded = Math.Round(value, MidpointRounding.AwayFromZero);
        return (short)Math.Clamp(rounded, short.MinValue, short.MaxValue);
    }

    private static bool IsChunkId(ReadOnlySpan<byte> id)
    {
        foreach (byte b in id)
        {
            if (b is < 0x20 or > 0x7E)
            {
                return false;
            }
        }

        return true;
    }

    private static string Ascii(ReadOnlySpan<byte> bytes) => System.Text.Encoding.ASCII.GetString(bytes);
}
