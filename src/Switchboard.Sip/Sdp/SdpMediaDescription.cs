namespace Switchboard.Sip.Sdp;

/// <summary>
/// One media section: the <c>m=</c> line and the lines that follow it (RFC 4566 §5.14).
/// A mutable builder-style model: not thread-safe; the owner (usually one dialog) must not share it while mutating.
/// </summary>
public sealed class SdpMediaDescription
{
    /// <summary>Media type: "audio", "video", "application", ... (kept as written).</summary>
    public required string Media { get; set; }

    /// <summary>Transport port; 0 means the stream is rejected or disabled.</summary>
    public required int Port { get; set; }

    /// <summary>The "/&lt;number of ports&gt;" suffix, or null when absent.</summary>
    public int? PortCount { get; set; }

    /// <summary>Transport protocol, e.g. "RTP/AVP".</summary>
    public required string Protocol { get; set; }

    /// <summary>Media formats: RTP payload type numbers for RTP protocols, opaque tokens otherwise.</summary>
    public List<string> Formats { get; } = [];

    /// <summary>Media-level <c>c=</c>, overriding the session-level one; null when absent.</summary>
    public SdpConnection? Connection { get; set; }

    /// <summary>Uninterpreted media-level lines (<c>i=</c>, <c>b=</c>, <c>k=</c>, unknown types), in order.</summary>
    public List<SdpLine> OtherLines { get; } = [];

    /// <summary>All <c>a=</c> lines in order, including unknown ones.</summary>
    public List<SdpAttribute> Attributes { get; } = [];

    /// <summary>First attribute called <paramref name="name"/> (case-insensitive), or null.</summary>
    public SdpAttribute? GetAttribute(string name) => SdpAttributeLookup.Find(Attributes, name);

    /// <summary>Direction attribute at this level, or null when the media section carries none.</summary>
    public SdpDirection? Direction => SdpAttributeLookup.FindDirection(Attributes);

    /// <summary>The rtpmap for <paramref name="payloadType"/>, or null when absent or malformed.</summary>
    public SdpRtpMap? GetRtpMap(int payloadType)
    {
        foreach (SdpAttribute attribute in Attributes)
        {
            if (string.Equals(attribute.Name, "rtpmap", StringComparison.OrdinalIgnoreCase)
                && SdpRtpMap.TryParse(attribute.Value, out SdpRtpMap map)
                && map.PayloadType == payloadType)
            {
                return map;
            }
        }

        return null;
    }

    /// <summary>The format parameters (text after "&lt;pt&gt; ") of <paramref name="payloadType"/>, or null.</summary>
    public string? GetFmtp(int payloadType)
    {
        foreach (SdpAttribute attribute in Attributes)
        {
            if (!string.Equals(attribute.Name, "fmtp", StringComparison.OrdinalIgnoreCase) || attribute.Value is null)
            {
                continue;
            }

            string value = attribute.Value;
            int space = value.IndexOf(' ', StringComparison.Ordinal);
            ReadOnlySpan<char> pt = space < 0 ? value : value.AsSpan(0, space);
            if (SdpRtpMap.TryParsePayloadType(pt, out int parsed) && parsed == payloadType)
            {
                return space < 0 ? string.Empty : value[(space + 1)..].Trim();
            }
        }

        return null;
    }

    /// <summary>The <c>a=ptime</c> value in milliseconds, or null when absent or not a positive integer.</summary>
    public int? Ptime => SdpAttributeLookup.FindPositiveInt(Attributes, "ptime");

    /// <summary>The <c>a=maxptime</c> value in milliseconds, or null when absent or not a positive integer.</summary>
    public int? MaxPtime => SdpAttributeLookup.FindPositiveInt(Attributes, "maxptime");

    /// <summary>
    /// The RTCP port from <c>a=rtcp</c> (RFC 3605), or null when the attribute is absent or malformed
    /// (the peer then uses RTP port + 1).
    /// </summary>
    public int? RtcpPort
    {
        get
        {
            string? value = GetAttribute("rtcp")?.Value;
            if (value is null)
            {
                return null;
            }

            int space = value.IndexOf(' ', StringComparison.Ordinal);
            ReadOnlySpan<char> port = space < 0 ? value : value.AsSpan(0, space);
            return int.TryParse(port, System.Globalization.NumberStyles.None, null, out int parsed)
                && parsed is > 0 and <= 65535 ? parsed : null;
        }
    }
}
