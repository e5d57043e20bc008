using System.Buffers.Binary;

namespace Switchboard.Sip.Rtp;

/// <summary>
/// Writes the one RTCP compound a session sends (SR or RR with at most one report block, SDES CNAME, optionally BYE)
/// straight into a caller's buffer, in the layout <see cref="RtcpCompoundPacket.WriteTo"/> produces. A session sends one
/// every few seconds, but with 500 calls that is a hundred a second, and building the object graph for each cost
/// about 700 bytes of garbage per report. Stateless; thread-safe.
/// </summary>
internal static class RtcpReportWriter
{
    private const byte CnameItem = 1;

    /// <summary>The largest compound <see cref="Write"/> produces for a CNAME of <paramref name="cnameLength"/> UTF-8 bytes.</summary>
    public static int MaxSize(int cnameLength) => 28 + RtcpReportBlock.Size + 4 + SdesChunkSize(cnameLength) + 8;

    /// <summary>Writes the compound; returns its length.</summary>
    /// <param name="destination">At least <see cref="MaxSize"/> bytes.</param>
    /// <param name="ssrc">Our SSRC.</param>
    /// <param name="sender">The sender info (NTP, RTP timestamp, packet and octet counts) for an SR; null for an RR.</param>
    /// <param name="block">The report block on the source we receive, if any.</param>
    /// <param name="cname">Our CNAME in UTF-8, at most 255 bytes.</param>
    /// <param name="bye">Append a BYE for our SSRC (no reason).</param>
    public static int Write(Span<byte> destination, uint ssrc, in RtcpSenderInfo? sender, in RtcpReportBlock? block, ReadOnlySpan<byte> cname, bool bye)
    {
        int blocks = block.HasValue ? 1 : 0;
        int offset;
        if (sender is RtcpSenderInfo info)
        {
            offset = 28 + (blocks * RtcpReportBlock.Size);
            RtcpCompoundPacket.WriteHeader(destination, blocks, RtcpCompoundPacket.SenderReportType, offset);
            BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
            BinaryPrimitives.WriteUInt64BigEndian(destination[8..], info.NtpTimestamp);
            BinaryPrimitives.WriteUInt32BigEndian(destination[16..], info.RtpTimestamp);
            BinaryPrimitives.WriteUInt32BigEndian(destination[20..], info.PacketCount);
            BinaryPrimitives.WriteUInt32BigEndian(destination[24..], info.OctetCount);
            if (block is RtcpReportBlock b)
            {
                RtcpCompoundPacket.WriteBlock(destination[28..], b);
            }
        }
        else
        {
            offset = 8 + (blocks * RtcpReportBlock.Size);
            RtcpCompoundPacket.WriteHeader(destination, blocks, RtcpCompoundPacket.ReceiverReportType, offset);
            BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
            if (block is RtcpReportBlock b)
            {
                RtcpCompoundPacket.WriteBlock(destination[8..], b);
            }
        }

        int chunkSize = SdesChunkSize(cname.Length);
        Span<byte> sdes = destination.Slice(offset, 4 + chunkSize);
        sdes.Clear();
        RtcpCompoundPacket.WriteHeader(sdes, 1, RtcpCompoundPacket.SourceDescriptionType, sdes.Length);
        BinaryPrimitives.WriteUInt32BigEndian(sdes[4..], ssrc);
        sdes[8] = CnameItem;
        sdes[9] = (byte)cname.Length;
        cname.CopyTo(sdes[10..]);
        offset += sdes.Length;

        if (bye)
        {
            RtcpCompoundPacket.WriteHeader(destination[offset..], 1, RtcpCompoundPacket.ByeType, 8);
            BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 4)..], ssrc);
            offset += 8;
        }

        return offset;
    }

    // SSRC, the CNAME item, then a null terminator padded to the next word (at least one null octet).
    private static int SdesChunkSize(int cnameLength) => 4 + (((2 + cnameLength + 1) + 3) & ~3);
}
