using System.Buffers.Binary;

namespace Switchboard.Sip.Rtp;

/// <summary>
/// One RTP data packet (RFC 3550 §5.1), as a view over a buffer: parsing copies nothing, and the spans alias the
/// parsed bytes, so the packet is valid only while that buffer is. Building a packet to send works the same way:
/// construct with the payload span and call <see cref="WriteTo"/>.
/// </summary>
/// <remarks>A ref struct: confined to one stack frame, hence to one thread. Neither parse nor write allocates.</remarks>
public readonly ref struct RtpPacket
{
    /// <summary>Size of the fixed header.</summary>
    public const int FixedHeaderSize = 12;

    /// <summary>Largest datagram the parser accepts; anything larger cannot come from one UDP packet on a sane path.</summary>
    public const int MaxPacketSize = 65507;

    /// <summary>Creates a packet to write.</summary>
    /// <param name="marker">Marker bit.</param>
    /// <param name="payloadType">Payload type, 0–127.</param>
    /// <param name="sequenceNumber">Sequence number.</param>
    /// <param name="timestamp">RTP timestamp.</param>
    /// <param name="ssrc">Synchronisation source.</param>
    /// <param name="payload">Payload (aliased, not copied).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="payloadType"/> above 127.</exception>
    public RtpPacket(bool marker, byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload)
        : this(marker, payloadType, sequenceNumber, timestamp, ssrc, payload, default, null, default, 0)
    {
    }

    /// <summary>Creates a packet to write, with every optional part.</summary>
    /// <param name="marker">Marker bit.</param>
    /// <param name="payloadType">Payload type, 0–127.</param>
    /// <param name="sequenceNumber">Sequence number.</param>
    /// <param name="timestamp">RTP timestamp.</param>
    /// <param name="ssrc">Synchronisation source.</param>
    /// <param name="payload">Payload.</param>
    /// <param name="csrcBytes">Contributing sources, 4 bytes each, big-endian, at most 15.</param>
    /// <param name="extensionProfile">Header extension profile, or null for no extension.</param>
    /// <param name="extension">Header extension data; a multiple of 4 bytes.</param>
    /// <param name="paddingLength">Padding bytes to append (0 for none, else 1–255, the count byte included).</param>
    /// <exception cref="ArgumentException">Any part out of range (see each parameter).</exception>
    public RtpPacket(
        bool marker,
        byte payloadType,
        ushort sequenceNumber,
        uint timestamp,
        uint ssrc,
        ReadOnlySpan<byte> payload,
        ReadOnlySpan<byte> csrcBytes,
        ushort? extensionProfile,
        ReadOnlySpan<byte> extension,
        int paddingLength)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, (byte)127);
        if (csrcBytes.Length % 4 != 0 || csrcBytes.Length > 15 * 4)
        {
            throw new ArgumentException("The CSRC list must be whole 4-byte identifiers, at most 15.", nameof(csrcBytes));
        }

        if (extension.Length % 4 != 0 || extension.Length > ushort.MaxValue * 4)
        {
            throw new ArgumentException("The header extension must be whole 32-bit words, at most 65535.", nameof(extension));
        }

        if (extensionProfile is null && !extension.IsEmpty)
        {
            throw new ArgumentException("Extension data needs an extension profile.", nameof(extension));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(paddingLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(paddingLength, 255);
        Marker = marker;
        PayloadType = payloadType;
        SequenceNumber = sequenceNumber;
        Timestamp = timestamp;
        Ssrc = ssrc;
        Payload = payload;
        CsrcBytes = csrcBytes;
        HasExtension = extensionProfile is not null;
        ExtensionProfile = extensionProfile ?? 0;
        Extension = extension;
        PaddingLength = paddingLength;
    }

    /// <summary>Marker bit (for audio: first packet of a talkspurt; for RFC 4733: first packet of an event).</summary>
    public bool Marker { get; }

    /// <summary>Payload type, 0–127.</summary>
    public byte PayloadType { get; }

    /// <summary>Sequence number.</summary>
    public ushort SequenceNumber { get; }

    /// <summary>RTP timestamp.</summary>
    public uint Timestamp { get; }

    /// <summary>Synchronisation source identifier.</summary>
    public uint Ssrc { get; }

    /// <summary>The payload, padding excluded.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>The CSRC list as raw big-endian bytes (4 per source).</summary>
    public ReadOnlySpan<byte> CsrcBytes { get; }

    /// <summary>Number of contributing sources.</summary>
    public int CsrcCount => CsrcBytes.Length / 4;

    /// <summary>True when the X bit is set.</summary>
    public bool HasExtension { get; }

    /// <summary>The extension's profile-defined 16 bits (0 when there is none).</summary>
    public ushort ExtensionProfile { get; }

    /// <summary>The extension's data words, its 4-byte header excluded.</summary>
    public ReadOnlySpan<byte> Extension { get; }

    /// <summary>Padding bytes, including the trailing count byte; 0 when the P bit is clear.</summary>
    public int PaddingLength { get; }

    /// <summary>Bytes <see cref="WriteTo"/> writes.</summary>
    public int Size => FixedHeaderSize + CsrcBytes.Length + (HasExtension ? 4 + Extension.Length : 0) + Payload.Length + PaddingLength;

    /// <summary>The <paramref name="index"/>th contributing source.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such source.</exception>
    public uint GetCsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(CsrcBytes[(index * 4)..]);
    }

    /// <summary>Parses a datagram.</summary>
    /// <exception cref="RtpFormatException">The bytes are not a valid RTP version 2 packet.</exception>
    public static RtpPacket Parse(ReadOnlySpan<byte> datagram)
    {
        string? error = TryParseCore(datagram, out RtpPacket packet);
        return error is null ? packet : throw new RtpFormatException(error);
    }

    /// <summary>Parses a datagram; false (and a default packet) when it is not valid RTP.</summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out RtpPacket packet) => TryParseCore(datagram, out packet) is null;

    /// <summary>
    /// True when the second byte looks like an RTCP packet type (RFC 5761 §4), so a port carrying both can tell them
    /// apart without parsing.
    /// </summary>
    public static bool LooksLikeRtcp(ReadOnlySpan<byte> datagram) => datagram.Length >= 2 && datagram[1] is >= 192 and <= 223;

    /// <summary>Serialises the packet; returns the bytes written.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Size"/>.</exception>
    public int WriteTo(Span<byte> destination)
    {
        int size = Size;
        if (destination.Length < size)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the packet needs {size}.", nameof(destination));
        }

        destination[0] = (byte)(0x80 | (PaddingLength > 0 ? 0x20 : 0) | (HasExtension ? 0x10 : 0) | CsrcCount);
        destination[1] = (byte)((Marker ? 0x80 : 0) | PayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Ssrc);
        int offset = FixedHeaderSize;
        CsrcBytes.CopyTo(destination[offset..]);
        offset += CsrcBytes.Length;
        if (HasExtension)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], ExtensionProfile);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], (ushort)(Extension.Length / 4));
            Extension.CopyTo(destination[(offset + 4)..]);
            offset += 4 + Extension.Length;
        }

        Payload.CopyTo(destination[offset..]);
        offset += Payload.Length;
        if (PaddingLength > 0)
        {
            destination.Slice(offset, PaddingLength - 1).Clear();
            destination[offset + PaddingLength - 1] = (byte)PaddingLength;
            offset += PaddingLength;
        }

        return offset;
    }

    private static string? TryParseCore(ReadOnlySpan<byte> data, out RtpPacket packet)
    {
        packet = default;
        if (data.Length < FixedHeaderSize)
        {
            return $"An RTP packet needs at least {FixedHeaderSize} bytes; got {data.Length}.";
        }

        if (data.Length > MaxPacketSize)
        {
            return $"An RTP packet is at most {MaxPacketSize} bytes; got {data.Length}.";
        }

        byte first = data[0];
        if (first >> 6 != 2)
        {
            return $"RTP version must be 2; got {first >> 6}.";
        }

        bool padding = (first & 0x20) != 0;
        bool extension = (first & 0x10) != 0;
        int csrcCount = first & 0x0F;
        int offset = FixedHeaderSize + (csrcCount * 4);
        if (offset > data.Length)
        {
            return $"The CSRC list ({csrcCount} entries) runs past the end of the {data.Length}-byte packet.";
        }

        ReadOnlySpan<byte> csrc = data[FixedHeaderSize..offset];
        ushort profile = 0;
        ReadOnlySpan<byte> ext = default;
        if (extension)
        {
            if (offset + 4 > data.Length)
            {
                return "The header extension header runs past the end of the packet.";
            }

            profile = BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
            int extLength = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]) * 4;
            offset += 4;
            if (offset + extLength > data.Length)
            {
                return $"The header extension ({extLength} bytes) runs past the end of the packet.";
            }

            ext = data.Slice(offset, extLength);
            offset += extLength;
        }

        int end = data.Length;
        int paddingLength = 0;
        if (padding)
        {
            paddingLength = data[^1];
            if (paddingLength == 0)
            {
                return "The P bit is set but the padding count is 0.";
            }

            if (end - paddingLength < offset)
            {
                return $"The padding count ({paddingLength}) reaches into the header.";
            }

            end -= paddingLength;
        }

        byte second = data[1];
        packet = new RtpPacket(
            (second & 0x80) != 0,
            (byte)(second & 0x7F),
            BinaryPrimitives.ReadUInt16BigEndian(data[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[8..]),
            data[offset..end],
            csrc,
            extension ? profile : null,
            ext,
            paddingLength);
        return null;
    }
}
