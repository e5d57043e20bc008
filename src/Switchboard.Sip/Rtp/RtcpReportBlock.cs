namespace Switchboard.Sip.Rtp;

/// <summary>One reception report block of an RTCP SR or RR (RFC 3550 §6.4.1). Immutable value.</summary>
/// <param name="Ssrc">The source this block reports on.</param>
/// <param name="FractionLost">Fraction lost since the previous report, in 1/256 units.</param>
/// <param name="CumulativeLost">Packets lost since the start (24-bit signed; duplicates can make it negative).</param>
/// <param name="ExtendedHighestSequence">Highest sequence number received, with the wrap count in the top 16 bits.</param>
/// <param name="Jitter">Interarrival jitter in timestamp units.</param>
/// <param name="LastSenderReport">Middle 32 bits of the NTP timestamp of the last SR received from that source (LSR).</param>
/// <param name="DelaySinceLastSenderReport">Delay since that SR, in 1/65536 s (DLSR).</param>
public readonly record struct RtcpReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequence,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    /// <summary>Encoded size.</summary>
    public const int Size = 24;

    /// <summary>Smallest cumulative-loss value the 24-bit field holds.</summary>
    public const int MinCumulativeLost = -0x800000;

    /// <summary>Largest cumulative-loss value the 24-bit field holds.</summary>
    public const int MaxCumulativeLost = 0x7FFFFF;
}
