using System.Buffers.Binary;

namespace Switchboard.Audio.Tests.Wav;

/// <summary>Assembles WAV files chunk by chunk, including the malformed ones real life produces.</summary>
internal sealed class WavBuilder
{
    private readonly List<byte> _body = [];

    public uint? RiffSizeOverride { get; set; }

    public static byte[] Fmt(ushort tag, int channels, int sampleRate, int bits, int? blockAlign = null, int extraBytes = -1)
    {
        int align = blockAlign ?? channels * bits / 8;
        var fmt = new byte[extraBytes < 0 ? 16 : 18 + extraBytes];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(4), (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(8), (uint)(sampleRate * align));
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), (ushort)align);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), (ushort)bits);
        if (extraBytes >= 0)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(16), (ushort)extraBytes);
        }

        return fmt;
    }

    public static byte[] ExtensibleFmt(ushort subFormat, int channels, int sampleRate, int bits)
    {
        byte[] fmt = Fmt(0xFFFE, channels, sampleRate, bits, extraBytes: 22);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(18), (ushort)bits);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(20), channels == 1 ? 4u : 3u);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(24), subFormat);
        byte[] tail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
        tail.CopyTo(fmt, 26);
        return fmt;
    }

    public static byte[] Pcm16(params short[] samples)
    {
        var bytes = new byte[samples.Length * 2];
        for (int i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), samples[i]);
        }

        return bytes;
    }

    public WavBuilder Chunk(string id, byte[] payload, uint? declaredSize = null, bool pad = true)
    {
        Span<byte> header = stackalloc byte[8];
        System.Text.Encoding.ASCII.GetBytes(id, header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], declaredSize ?? (uint)payload.Length);
        _body.AddRange(header);
        _body.AddRange(payload);
        if (pad && (payload.Length & 1) == 1)
        {
            _body.Add(0);
        }

        return this;
    }

    public WavBuilder Raw(byte[] bytes)
    {
        _body.AddRange(bytes);
        return this;
    }

    public byte[] Build()
    {
        var result = new byte[12 + _body.Count];
        "RIFF"u8.CopyTo(result);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4), RiffSizeOverride ?? (uint)(4 + _body.Count));
        "WAVE"u8.CopyTo(result.AsSpan(8));
        _body.CopyTo(result, 12);
        return result;
    }
}
