namespace Switchboard.Sip.Rtp;

/// <summary>The sender info section of an RTCP SR (RFC 3550 §6.4.1). Immutable value.</summary>
/// <param name="NtpTimestamp">Wall clock of the report, 64-bit NTP.</param>
/// <param name="RtpTimestamp">The same instant on the RTP timestamp clock.</param>
/// <param name="PacketCount">RTP packets sent so far.</param>
/// <param name="OctetCount">Payload octets sent so far.</param>
internal readonly record struct RtcpSenderInfo(ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount);
