using System.Buffers.Binary;
using System.Text;

namespace Switchboard.Sip.Rtp;

/// <summary>
/// An RTCP compound packet (RFC 3550 §6.1): SR or RR first, then any SDES and BYE packets. Parsing validates the
/// compound as RFC 3550 appendix A.2 does (version 2 everywhere, SR/RR first, padding only on the last packet,
/// lengths adding up) and skips packet types it does not model (APP, feedback), counting them.
/// </summary>
/// <remarks>Immutable after construction; thread-safe. RTCP is sent every few seconds, so this type allocates freely.</remarks>
public sealed class RtcpCompoundPacket
{
    /// <summary>RTCP packet type of a sender report.</summary>
    public const byte SenderReportType = 200;

    /// <summary>RTCP packet type of a receiver report.</summary>
    public const byte ReceiverReportType = 201;

    /// <summary>RTCP packet type of a source description.</summary>
    public const byte SourceDescriptionType = 202;

    /// <summary>RTCP packet type of a BYE.</summary>
    public const byte ByeType = 203;

    private const int MaxCount = 31;
    private const byte CnameItem = 1;

    /// <summary>Creates a compound packet to send.</summary>
    /// <exception cref="ArgumentException">A part has more than 31 entries, a text is over 255 UTF-8 bytes, or the compound would not start with a report.</exception>
    public RtcpCompoundPacket(
        IReadOnlyList<RtcpSenderReport>? senderReports = null,
        IReadOnlyList<RtcpReceiverReport>? receiverReports = null,
        IReadOnlyList<RtcpSdesChunk>? sourceDescriptions = null,
        IReadOnlyList<RtcpBye>? byes = null)
        : this(senderReports ?? [], receiverReports ?? [], sourceDescriptions ?? [], byes ?? [], 0)
    {
        if (SenderReports.Count + ReceiverReports.Count == 0)
        {
            throw new ArgumentException("A compound RTCP packet must start with a sender or receiver report.", nameof(senderReports));
        }

        foreach (RtcpSenderReport sr in SenderReports)
        {
            CheckCount(sr.Reports.Count, nameof(senderReports));
        }

        foreach (RtcpReceiverReport rr in ReceiverReports)
        {
            CheckCount(rr.Reports.Count, nameof(receiverReports));
        }

        CheckCount(SourceDescriptions.Count, nameof(sourceDescriptions));
        foreach (RtcpSdesChunk chunk in SourceDescriptions)
        {
            CheckText(chunk.CanonicalName, nameof(sourceDescriptions));
        }

        foreach (RtcpBye bye in Byes)
        {
            CheckCount(bye.Sources.Count, nameof(byes));
            CheckText(bye.Reason, nameof(byes));
        }

        foreach (RtcpSenderReport sr in SenderReports)
        {
            foreach (RtcpReportBlock block in sr.Reports)
            {
                CheckBlock(block, nameof(senderReports));
            }
        }

        foreach (RtcpReceiverReport rr in ReceiverReports)
        {
            foreach (RtcpReportBlock block in rr.Reports)
            {
                CheckBlock(block, nameof(receiverReports));
            }
        }
    }

    private RtcpCompoundPacket(
        IReadOnlyList<RtcpSenderReport> senderReports,
        IReadOnlyList<RtcpReceiverReport> receiverReports,
        IReadOnlyList<RtcpSdesChunk> sourceDescriptions,
        IReadOnlyList<RtcpBye> byes,
        int unknownPackets)
    {
        SenderReports = senderReports;
        ReceiverReports = receiverReports;
        SourceDescriptions = sourceDescriptions;
        Byes = byes;
        UnknownPackets = unknownPackets;
    }

    /// <summary>Sender reports, in order.</summary>
    public IReadOnlyList<RtcpSenderReport> SenderReports { get; }

    /// <summary>Receiver reports, in order.</summary>
    public IReadOnlyList<RtcpReceiverReport> ReceiverReports { get; }

    /// <summary>SDES chunks of all SDES packets, in order.</summary>
    public IReadOnlyList<RtcpSdesChunk> SourceDescriptions { get; }

    /// <summary>BYE packets.</summary>
    public IReadOnlyList<RtcpBye> Byes { get; }

    /// <summary>Packets of types not modelled here (skipped when parsing).</summary>
    public int UnknownPackets { get; }

    /// <summary>Parses a datagram.</summary>
    /// <exception cref="RtpFormatException">The bytes are not a valid compound RTCP packet.</exception>
    public static RtcpCompoundPacket Parse(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < 8 || datagram.Length > RtpPacket.MaxPacketSize)
        {
            throw new RtpFormatException($"A compound RTCP packet is 8 to {RtpPacket.MaxPacketSize} bytes; got {datagram.Length}.");
        }

        if (datagram.Length % 4 != 0)
        {
            throw new RtpFormatException($"An RTCP compound packet is whole 32-bit words; got {datagram.Length} bytes.");
        }

        var srs = new List<RtcpSenderReport>();
        var rrs = new List<RtcpReceiverReport>();
        var sdes = new List<RtcpSdesChunk>();
        var byes = new List<RtcpBye>();
        int unknown = 0;
        int offset = 0;
        bool first = true;
        while (offset < datagram.Length)
        {
            ReadOnlySpan<byte> rest = datagram[offset..];
            if (rest.Length < 4)
            {
                throw new RtpFormatException("Truncated RTCP header.");
            }

            if (rest[0] >> 6 != 2)
            {
                throw new RtpFormatException($"RTCP version must be 2; got {rest[0] >> 6}.");
            }

            int length = (BinaryPrimitives.ReadUInt16BigEndian(rest[2..]) + 1) * 4;
            if (length > rest.Length)
            {
                throw new RtpFormatException($"An RTCP packet of {length} bytes runs past the end of the compound ({rest.Length} left).");
            }

            byte type = rest[1];
            if (first && type is not (SenderReportType or ReceiverReportType))
            {
                throw new RtpFormatException($"A compound RTCP packet must start with SR or RR; got type {type}.");
            }

            bool last = offset + length == datagram.Length;
            ReadOnlySpan<byte> body = rest[4..length];
            if ((rest[0] & 0x20) != 0)
            {
                if (!last)
                {
                    throw new RtpFormatException("Only the last packet of an RTCP compound may be padded.");
                }

                int pad = body.IsEmpty ? 0 : body[^1];
                if (pad == 0 || pad > body.Length)
                {
                    throw new RtpFormatException($"Invalid RTCP padding count {pad}.");
                }

                body = body[..^pad];
            }

            int count = rest[0] & 0x1F;
            switch (type)
            {
                case SenderReportType:
                    srs.Add(ParseSenderReport(body, count));
                    break;
                case ReceiverReportType:
                    rrs.Add(new RtcpReceiverReport(RequireSsrc(body, "RR"), ParseBlocks(body[4..], count)));
                    break;
                case SourceDescriptionType:
                    ParseSdes(body, count, sdes);
                    break;
                case ByeType:
                    byes.Add(ParseBye(body, count));
                    break;
                default:
                    unknown++;
                    break;
            }

            first = false;
            offset += length;
        }

        return new RtcpCompoundPacket(srs, rrs, sdes, byes, unknown);
    }

    /// <summary>Bytes <see cref="WriteTo"/> writes.</summary>
    public int GetSize()
    {
        int size = 0;
        foreach (RtcpSenderReport sr in SenderReports)
        {
            size += 28 + (sr.Reports.Count * RtcpReportBlock.Size);
        }

        foreach (RtcpReceiverReport rr in ReceiverReports)
        {
            size += 8 + (rr.Reports.Count * RtcpReportBlock.Size);
        }

        if (SourceDescriptions.Count > 0)
        {
            size += 4;
            foreach (RtcpSdesChunk chunk in SourceDescriptions)
            {
                size += SdesChunkSize(chunk);
            }
        }

        foreach (RtcpBye bye in Byes)
        {
            size += ByeSize(bye);
        }

        return size;
    }

    /// <summary>Serialises the compound; returns the bytes written.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="GetSize"/>.</exception>
    public int WriteTo(Span<byte> destination)
    {
        int size = GetSize();
        if (destination.Length < size)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the compound needs {size}.", nameof(destination));
        }

        int offset = 0;
        foreach (RtcpSenderReport sr in SenderReports)
        {
            int length = 28 + (sr.Reports.Count * RtcpReportBlock.Size);
            Span<byte> p = destination.Slice(offset, length);
            WriteHeader(p, sr.Reports.Count, SenderReportType, length);
            BinaryPrimitives.WriteUInt32BigEndian(p[4..], sr.Ssrc);
            BinaryPrimitives.WriteUInt64BigEndian(p[8..], sr.NtpTimestamp);
            BinaryPrimitives.WriteUInt32BigEndian(p[16..], sr.RtpTimestamp);
            BinaryPrimitives.WriteUInt32BigEndian(p[20..], sr.PacketCount);
            BinaryPrimitives.WriteUInt32BigEndian(p[24..], sr.OctetCount);
            WriteBlocks(p[28..], sr.Reports);
            offset += length;
        }

        foreach (RtcpReceiverReport rr in ReceiverReports)
        {
            int length = 8 + (rr.Reports.Count * RtcpReportBlock.Size);
            Span<byte> p = destination.Slice(offset, length);
            WriteHeader(p, rr.Reports.Count, ReceiverReportType, length);
            BinaryPrimitives.WriteUInt32BigEndian(p[4..], rr.Ssrc);
            WriteBlocks(p[8..], rr.Reports);
            offset += length;
        }

        if (SourceDescriptions.Count > 0)
        {
            int start = offset;
            offset += 4;
            foreach (RtcpSdesChunk chunk in SourceDescriptions)
            {
                int chunkSize = SdesChunkSize(chunk);
                Span<byte> c = destination.Slice(offset, chunkSize);
                c.Clear();
                BinaryPrimitives.WriteUInt32BigEndian(c, chunk.Ssrc);
                if (chunk.CanonicalName is not null)
                {
                    c[4] = CnameItem;
                    c[5] = (byte)Encoding.UTF8.GetBytes(chunk.CanonicalName, c[6..]);
                }

                offset += chunkSize;
            }

            WriteHeader(destination[start..], SourceDescriptions.Count, SourceDescriptionType, offset - start);
        }

        foreach (RtcpBye bye in Byes)
        {
            int length = ByeSize(bye);
            Span<byte> p = destination.Slice(offset, length);
            p.Clear();
            WriteHeader(p, bye.Sources.Count, ByeType, length);
            for (int i = 0; i < bye.Sources.Count; i++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(p[(4 + (i * 4))..], bye.Sources[i]);
            }

            if (bye.Reason is not null)
            {
                int at = 4 + (bye.Sources.Count * 4);
                p[at] = (byte)Encoding.UTF8.GetBytes(bye.Reason, p[(at + 1)..]);
            }

            offset += length;
        }

        return offset;
    }

    /// <summary>Serialises the compound into a new array.</summary>
    public byte[] ToArray()
    {
        byte[] bytes = new byte[GetSize()];
        WriteTo(bytes);
        return bytes;
    }

    private static void CheckCount(int count, string name)
    {
        if (count > MaxCount)
        {
            throw new ArgumentException($"An RTCP packet holds at most {MaxCount} entries; got {count}.", name);
        }
    }

    private static void CheckText(string? text, string name)
    {
        if (text is not null && Encoding.UTF8.GetByteCount(text) > 255)
        {
            throw new ArgumentException("RTCP text items are at most 255 UTF-8 bytes.", name);
        }
    }

    private static void CheckBlock(RtcpReportBlock block, string name)
    {
        if (block.CumulativeLost is < RtcpReportBlock.MinCumulativeLost or > RtcpReportBlock.MaxCumulativeLost)
        {
            throw new ArgumentException($"Cumulative loss {block.CumulativeLost} does not fit 24 bits.", name);
        }
    }

    private static int SdesChunkSize(RtcpSdesChunk chunk)
    {
        // SSRC, then items, then a null terminator padded to the next word (at least one null octet).
        int items = chunk.CanonicalName is null ? 0 : 2 + Encoding.UTF8.GetByteCount(chunk.CanonicalName);
        return 4 + (((items + 1) + 3) & ~3);
    }

    private static int ByeSize(RtcpBye bye)
    {
        int reason = bye.Reason is null ? 0 : ((1 + Encoding.UTF8.GetByteCount(bye.Reason) + 3) & ~3);
        return 4 + (bye.Sources.Count * 4) + reason;
    }

    internal static void WriteHeader(Span<byte> p, int count, byte type, int length)
    {
        p[0] = (byte)(0x80 | count);
        p[1] = type;
        BinaryPrimitives.WriteUInt16BigEndian(p[2..], (ushort)((length / 4) - 1));
    }

    private static void WriteBlocks(Span<byte> p, IReadOnlyList<RtcpReportBlock> blocks)
    {
        for (int i = 0; i < blocks.Count; i++)
        {
            WriteBlock(p[(i * RtcpReportBlock.Size)..], blocks[i]);
        }
    }

    internal static void WriteBlock(Span<byte> q, in RtcpReportBlock b)
    {
        BinaryPrimitives.WriteUInt32BigEndian(q, b.Ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(q[4..], ((uint)b.FractionLost << 24) | ((uint)b.CumulativeLost & 0xFFFFFF));
        BinaryPrimitives.WriteUInt32BigEndian(q[8..], b.ExtendedHighestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(q[12..], b.Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(q[16..], b.LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(q[20..], b.DelaySinceLastSenderReport);
    }

    private static uint RequireSsrc(ReadOnlySpan<byte> body, string what) =>
        body.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(body) : throw new RtpFormatException($"The RTCP {what} is too short for its SSRC.");

    private static RtcpSenderReport ParseSenderReport(ReadOnlySpan<byte> body, int count)
    {
        if (body.Length < 24)
        {
            throw new RtpFormatException($"An RTCP SR needs 24 bytes of sender info; got {body.Length}.");
        }

        return new RtcpSenderReport(
            BinaryPrimitives.ReadUInt32BigEndian(body),
            BinaryPrimitives.ReadUInt64BigEndian(body[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[20..]),
            ParseBlocks(body[24..], count));
    }

    private static RtcpReportBlock[] ParseBlocks(ReadOnlySpan<byte> data, int count)
    {
        if (data.Length < count * RtcpReportBlock.Size)
        {
            throw new RtpFormatException($"The RTCP report claims {count} blocks but has room for {data.Length / RtcpReportBlock.Size}.");
        }

        var blocks = new RtcpReportBlock[count];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> q = data[(i * RtcpReportBlock.Size)..];
            uint lossWord = BinaryPrimitives.ReadUInt32BigEndian(q[4..]);

            // Sign-extend the 24-bit cumulative loss.
            int cumulative = (int)(lossWord << 8) >> 8;
            blocks[i] = new RtcpReportBlock(
                BinaryPrimitives.ReadUInt32BigEndian(q),
                (byte)(lossWord >> 24),
                cumulative,
                BinaryPrimitives.ReadUInt32BigEndian(q[8..]),
                BinaryPrimitives.ReadUInt32BigEndian(q[12..]),
                BinaryPrimitives.ReadUInt32BigEndian(q[16..]),
                BinaryPrimitives.ReadUInt32BigEndian(q[20..]));
        }

        return blocks;
    }

    private static void ParseSdes(ReadOnlySpan<byte> body, int count, List<RtcpSdesChunk> chunks)
    {
        int offset = 0;
        for (int c = 0; c < count; c++)
        {
            if (offset + 4 > body.Length)
            {
                throw new RtpFormatException("An SDES chunk runs past the end of its packet.");
            }

            uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(body[offset..]);
            offset += 4;
            string? cname = null;
            while (true)
            {
                if (offset >= body.Length)
                {
                    throw new RtpFormatException("An SDES item list is not terminated.");
                }

                byte itemType = body[offset];
                if (itemType == 0)
                {
                    // The terminator and padding run to the next word boundary.
                    offset = (offset + 4) & ~3;
                    break;
                }

                if (offset + 2 > body.Length || offset + 2 + body[offset + 1] > body.Length)
                {
                    throw new RtpFormatException("An SDES item runs past the end of its packet.");
                }

                int len = body[offset + 1];
                if (itemType == CnameItem)
                {
                    cname = DecodeText(body.Slice(offset + 2, len));
                }

                offset += 2 + len;
            }

            chunks.Add(new RtcpSdesChunk(ssrc, cname));
        }
    }

    private static RtcpBye ParseBye(ReadOnlySpan<byte> body, int count)
    {
        if (body.Length < count * 4)
        {
            throw new RtpFormatException($"The BYE claims {count} sources but has room for {body.Length / 4}.");
        }

        var sources = new uint[count];
        for (int i = 0; i < count; i++)
        {
            sources[i] = BinaryPrimitives.ReadUInt32BigEndian(body[(i * 4)..]);
        }

        string? reason = null;
        int at = count * 4;
        if (at < body.Length)
        {
            int len = body[at];
            if (at + 1 + len > body.Length)
            {
                throw new RtpFormatException("The BYE reason runs past the end of its packet.");
            }

            reason = len == 0 ? null : DecodeText(body.Slice(at + 1, len));
        }

        return new RtcpBye(sources, reason);
    }

    private static string DecodeText(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new RtpFormatException("An RTCP text item is not valid UTF-8.", ex);
        }
    }
}
