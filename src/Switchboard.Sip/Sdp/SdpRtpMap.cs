using System.Globalization;

namespace Switchboard.Sip.Sdp;

/// <summary>A parsed <c>a=rtpmap</c> value (RFC 4566 §6): <c>&lt;pt&gt; &lt;encoding&gt;/&lt;clock&gt;[/&lt;channels&gt;]</c>.</summary>
/// <param name="PayloadType">RTP payload type 0–127.</param>
/// <param name="EncodingName">Encoding name as written (compare case-insensitively).</param>
/// <param name="ClockRate">RTP clock rate in Hz.</param>
/// <param name="Channels">Channel count, 1 when absent.</param>
public readonly record struct SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, int Channels)
{
    /// <summary>Parses an rtpmap attribute value; returns false when it is not well-formed.</summary>
    public static bool TryParse(string? value, out SdpRtpMap rtpMap)
    {
        rtpMap = default;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        int space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !TryParsePayloadType(value.AsSpan(0, space), out int pt))
        {
            return false;
        }

        string[] parts = value[(space + 1)..].Trim().Split('/');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0)
        {
            return false;
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int clock) || clock <= 0)
        {
            return false;
        }

        int channels = 1;
        if (parts.Length == 3
            && (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out channels) || channels <= 0))
        {
            return false;
        }

        rtpMap = new SdpRtpMap(pt, parts[0], clock, channels);
        return true;
    }

    /// <summary>Parses an RTP payload type number (0–127).</summary>
    public static bool TryParsePayloadType(ReadOnlySpan<char> text, out int payloadType) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out payloadType)
        && payloadType is >= 0 and <= 127;

    /// <inheritdoc/>
    public override string ToString() =>
        Channels == 1
            ? $"{PayloadType} {EncodingName}/{ClockRate}"
            : $"{PayloadType} {EncodingName}/{ClockRate}/{Channels}";
}
