namespace Switchboard.Sip.Sdp;

/// <summary>
/// An RTP audio encoding we can negotiate, identified by rtpmap name and clock rate (RFC 3551); a static
/// payload type lets a peer offer it without an rtpmap line. Immutable and thread-safe.
/// </summary>
/// <param name="EncodingName">rtpmap encoding name, e.g. "PCMU" (matched case-insensitively).</param>
/// <param name="ClockRate">RTP clock rate in Hz.</param>
/// <param name="StaticPayloadType">RFC 3551 static payload type, or null for dynamic-only encodings.</param>
public sealed record SdpCodec(string EncodingName, int ClockRate, int? StaticPayloadType)
{
    /// <summary>G.711 µ-law, static payload type 0.</summary>
    public static SdpCodec Pcmu { get; } = new("PCMU", 8000, 0);

    /// <summary>G.711 A-law, static payload type 8.</summary>
    public static SdpCodec Pcma { get; } = new("PCMA", 8000, 8);

    /// <summary>RFC 4733 named telephone events (DTMF) at 8 kHz; always dynamic.</summary>
    public static SdpCodec TelephoneEvent { get; } = new("telephone-event", 8000, null);

    /// <summary>True when <paramref name="rtpMap"/> names this encoding at this clock rate, mono.</summary>
    public bool Matches(SdpRtpMap rtpMap) =>
        string.Equals(rtpMap.EncodingName, EncodingName, StringComparison.OrdinalIgnoreCase)
        && rtpMap.ClockRate == ClockRate
        && rtpMap.Channels == 1;
}
