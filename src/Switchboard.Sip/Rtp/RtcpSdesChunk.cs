namespace Switchboard.Sip.Rtp;

/// <summary>
/// One chunk of an RTCP SDES packet (RFC 3550 §6.5). Only the CNAME is kept by name; other items are skipped when
/// parsing. Immutable and thread-safe.
/// </summary>
/// <param name="Ssrc">The source described.</param>
/// <param name="CanonicalName">The CNAME item (UTF-8, at most 255 bytes), or null when the chunk has none.</param>
public sealed record RtcpSdesChunk(uint Ssrc, string? CanonicalName);
