using System.Net;

namespace Switchboard.Sip.Rtp;

/// <summary>Counters of an <see cref="RtpSession"/>, as a snapshot. Immutable value.</summary>
/// <param name="PacketsSent">RTP packets sent (audio and telephone events).</param>
/// <param name="OctetsSent">RTP payload octets sent.</param>
/// <param name="PacketsReceived">Audio RTP packets accepted from the peer.</param>
/// <param name="InvalidPackets">Datagrams that were not valid RTP/RTCP or carried an unexpected payload.</param>
/// <param name="SendErrors">Datagrams the socket refused to send.</param>
/// <param name="RtcpSent">RTCP compound packets sent.</param>
/// <param name="RtcpReceived">Valid RTCP compound packets received.</param>
/// <param name="RemoteSsrc">The peer's SSRC, once seen.</param>
/// <param name="RtpTarget">Where RTP goes now (the SDP address, or the learned one after symmetric RTP), or null on hold.</param>
public readonly record struct RtpSessionStatistics(
    long PacketsSent,
    long OctetsSent,
    long PacketsReceived,
    long InvalidPackets,
    long SendErrors,
    long RtcpSent,
    long RtcpReceived,
    uint? RemoteSsrc,
    IPEndPoint? RtpTarget);
