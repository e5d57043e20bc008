using System.Text;

namespace Switchboard.Sip.Sdp;

/// <summary>Finds which of a peer's payload types carry our codecs and telephone-event.</summary>
internal static class SdpCodecMatcher
{
    /// <summary>The codec a payload type carries: its rtpmap if present, else the RFC 3551 static assignment.</summary>
    public static bool Carries(SdpMediaDescription media, int payloadType, SdpCodec codec)
    {
        SdpRtpMap? map = media.GetRtpMap(payloadType);
        if (map is SdpRtpMap rtpMap)
        {
            return codec.Matches(rtpMap);
        }

        return codec.StaticPayloadType == payloadType;
    }

    /// <summary>First of our codecs (in preference order) that the media section offers; PT keeps the peer's numbering.</summary>
    public static bool TryChoose(SdpMediaDescription media, IList<SdpCodec> preference, out SdpCodec? codec, out int payloadType)
    {
        foreach (SdpCodec candidate in preference)
        {
            foreach (string format in media.Formats)
            {
                if (SdpRtpMap.TryParsePayloadType(format, out int pt) && Carries(media, pt, candidate))
                {
                    codec = candidate;
                    payloadType = pt;
                    return true;
                }
            }
        }

        codec = null;
        payloadType = -1;
        return false;
    }

    /// <summary>The peer's telephone-event payload type at <paramref name="clockRate"/>, or null.</summary>
    public static int? FindTelephoneEvent(SdpMediaDescription media, int clockRate)
    {
        foreach (string format in media.Formats)
        {
            if (SdpRtpMap.TryParsePayloadType(format, out int pt)
                && media.GetRtpMap(pt) is SdpRtpMap map
                && string.Equals(map.EncodingName, SdpCodec.TelephoneEvent.EncodingName, StringComparison.OrdinalIgnoreCase)
                && map.ClockRate == clockRate)
            {
                return pt;
            }
        }

        return null;
    }

    /// <summary>Human-readable list of what a media section offers, for 488 reasons.</summary>
    public static string Describe(SdpMediaDescription media)
    {
        var sb = new StringBuilder();
        foreach (string format in media.Formats)
        {
            if (sb.Length > 0)
            {
                sb.Append(", ");
            }

            if (SdpRtpMap.TryParsePayloadType(format, out int pt) && media.GetRtpMap(pt) is SdpRtpMap map)
            {
                sb.Append(map.EncodingName).Append('/').Append(map.ClockRate).Append(" (").Append(pt).Append(')');
            }
            else
            {
                sb.Append(format);
            }
        }

        return sb.ToString();
    }
}
