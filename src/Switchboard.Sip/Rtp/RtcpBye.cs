namespace Switchboard.Sip.Rtp;

/// <summary>An RTCP BYE packet (RFC 3550 §6.6). Immutable and thread-safe.</summary>
/// <param name="Sources">The sources leaving, at most 31.</param>
/// <param name="Reason">Reason for leaving (UTF-8, at most 255 bytes), or null.</param>
public sealed record RtcpBye(IReadOnlyList<uint> Sources, string? Reason);
