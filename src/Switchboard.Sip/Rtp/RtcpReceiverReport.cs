namespace Switchboard.Sip.Rtp;

/// <summary>An RTCP receiver report (RFC 3550 §6.4.2). Immutable and thread-safe.</summary>
/// <param name="Ssrc">The reporter.</param>
/// <param name="Reports">Reception report blocks, at most 31.</param>
public sealed record RtcpReceiverReport(uint Ssrc, IReadOnlyList<RtcpReportBlock> Reports);
