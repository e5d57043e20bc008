using System.Text;

namespace Switchboard.Sip.Sdp;

/// <summary>Writes a <see cref="SessionDescription"/> in the line order RFC 4566 §5 prescribes.</summary>
internal static class SdpSerializer
{
    private const string SessionOrderBeforeConnection = "iuep";
    private const string KnownSessionTypes = "iuepbzk";
    private const string KnownMediaTypes = "icbk";

    public static string Serialize(SessionDescription session)
    {
        ArgumentNullException.ThrowIfNull(session.Origin);
        var sb = new StringBuilder(512);
        Line(sb, 'v', "0");
        Line(sb, 'o', session.Origin.ToString());
        Line(sb, 's', session.SessionName.Length == 0 ? "-" : session.SessionName);
        foreach (char type in SessionOrderBeforeConnection)
        {
            WriteOfType(sb, session.OtherLines, type);
        }

        if (session.Connection is not null)
        {
            Line(sb, 'c', session.Connection.ToString());
        }

        WriteOfType(sb, session.OtherLines, 'b');
        if (session.TimeLines.Count == 0)
        {
            // t= is mandatory; "0 0" (unbounded) is what every SIP UA means.
            Line(sb, 't', "0 0");
        }

        foreach (SdpLine line in session.TimeLines)
        {
            Line(sb, line.Type, line.Value);
        }

        WriteOfType(sb, session.OtherLines, 'z');
        WriteOfType(sb, session.OtherLines, 'k');
        WriteUnknown(sb, session.OtherLines, KnownSessionTypes);
        foreach (SdpAttribute attribute in session.Attributes)
        {
            Line(sb, 'a', attribute.ToString());
        }

        foreach (SdpMediaDescription media in session.Media)
        {
            string port = media.PortCount is int count ? $"{media.Port}/{count}" : media.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Line(sb, 'm', $"{media.Media} {port} {media.Protocol} {string.Join(' ', media.Formats)}");
            WriteOfType(sb, media.OtherLines, 'i');
            if (media.Connection is not null)
            {
                Line(sb, 'c', media.Connection.ToString());
            }

            WriteOfType(sb, media.OtherLines, 'c');
            WriteOfType(sb, media.OtherLines, 'b');
            WriteOfType(sb, media.OtherLines, 'k');
            WriteUnknown(sb, media.OtherLines, KnownMediaTypes);
            foreach (SdpAttribute attribute in media.Attributes)
            {
                Line(sb, 'a', attribute.ToString());
            }
        }

        return sb.ToString();
    }

    private static void WriteOfType(StringBuilder sb, List<SdpLine> lines, char type)
    {
        foreach (SdpLine line in lines)
        {
            if (line.Type == type)
            {
                Line(sb, type, line.Value);
            }
        }
    }

    private static void WriteUnknown(StringBuilder sb, List<SdpLine> lines, string known)
    {
        foreach (SdpLine line in lines)
        {
            if (!known.Contains(line.Type, StringComparison.Ordinal))
            {
                Line(sb, line.Type, line.Value);
            }
        }
    }

    private static void Line(StringBuilder sb, char type, string value)
    {
        // A line break inside a value would smuggle extra SDP lines into what we send.
        if (value.AsSpan().ContainsAny('\r', '\n', '\0'))
        {
            throw new InvalidOperationException($"The SDP '{type}=' value contains CR, LF or NUL and cannot be serialized.");
        }

        sb.Append(type).Append('=').Append(value).Append("\r\n");
    }
}
