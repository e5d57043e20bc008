namespace Switchboard.Sip.Rtp;

/// <summary>An RTCP sender report (RFC 3550 §6.4.1). Immutable and thread-safe.</summary>
/// <param name="Ssrc">The sender.</param>
/// <param name="NtpTimestamp">Wall-clock time of the report, 64-bit NTP format.</param>
/// <param name="RtpTimestamp">The same instant in RTP timestamp units.</param>
/// <param name="PacketCount">RTP packets sent since the start.</param>
/// <param name="OctetCount">RTP payload octets sent since the start.</param>
/// <param name="Reports">Reception report blocks, at most 31.</param>
public sealed record RtcpSenderReport(
    uint Ssrc,
    ulong NtpTimestamp,
    uint RtpTimestamp,
    uint PacketCount,
    uint OctetCount,
    IReadOnlyList<RtcpReportBlock> Reports);
