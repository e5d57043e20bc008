using System.Globalization;

namespace Switchboard.Sip.Sdp;

/// <summary>Attribute queries shared by the session and media levels.</summary>
internal static class SdpAttributeLookup
{
    public static SdpAttribute? Find(List<SdpAttribute> attributes, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (SdpAttribute attribute in attributes)
        {
            if (string.Equals(attribute.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return attribute;
            }
        }

        return null;
    }

    public static SdpDirection? FindDirection(List<SdpAttribute> attributes)
    {
        // The last direction attribute wins; a well-formed SDP has at most one per level.
        SdpDirection? direction = null;
        foreach (SdpAttribute attribute in attributes)
        {
            if (attribute.Value is null && TryParseDirection(attribute.Name, out SdpDirection parsed))
            {
                direction = parsed;
            }
        }

        return direction;
    }

    public static bool TryParseDirection(string name, out SdpDirection direction)
    {
        switch (name.ToLowerInvariant())
        {
            case "sendrecv": direction = SdpDirection.SendRecv; return true;
            case "sendonly": direction = SdpDirection.SendOnly; return true;
            case "recvonly": direction = SdpDirection.RecvOnly; return true;
            case "inactive": direction = SdpDirection.Inactive; return true;
            default: direction = default; return false;
        }
    }

    public static string ToAttributeName(SdpDirection direction) => direction switch
    {
        SdpDirection.SendOnly => "sendonly",
        SdpDirection.RecvOnly => "recvonly",
        SdpDirection.Inactive => "inactive",
        _ => "sendrecv",
    };

    public static int? FindPositiveInt(List<SdpAttribute> attributes, string name)
    {
        string? value = Find(attributes, name)?.Value;
        if (value is null)
        {
            return null;
        }

        // Some UAs write fractional ptime ("a=ptime:20.0"); only the integer part is meaningful here.
        ReadOnlySpan<char> text = value.AsSpan().Trim();
        int dot = text.IndexOf('.');
        if (dot >= 0)
        {
            text = text[..dot];
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) && parsed > 0
            ? parsed
            : null;
    }
}
