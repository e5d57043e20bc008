using System.Globalization;
using System.Text;

namespace Switchboard.Sip.Sdp;

/// <summary>
/// RFC 4566 parser. Strict where a mistake would change meaning (v=, o=, c=, m= syntax, port ranges),
/// lenient where real UAs deviate harmlessly (bare LF, trailing blank lines, line order within a level).
/// </summary>
internal static class SdpParser
{
    public const int MaxLength = 64 * 1024;
    public const int MaxLines = 2048;
    public const int MaxLineLength = 4096;
    public const int MaxMediaSections = 64;
    public const int MaxFormatsPerMedia = 128;

    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static SessionDescription Parse(string text)
    {
        if (text.Length > MaxLength)
        {
            throw new SdpParseException(0, $"body is {text.Length} characters, the limit is {MaxLength}");
        }

        if (text.Length == 0)
        {
            throw new SdpParseException(0, "body is empty");
        }

        SessionDescription? session = null;
        SdpMediaDescription? media = null;
        bool sawSessionName = false;
        int lineNumber = 0;
        int position = 0;
        bool sawBlank = false;

        while (position < text.Length)
        {
            int end = text.IndexOf('\n', position);
            int next = end < 0 ? text.Length : end + 1;
            int lineEnd = end < 0 ? text.Length : end;
            if (lineEnd > position && text[lineEnd - 1] == '\r')
            {
                lineEnd--;
            }

            ReadOnlySpan<char> line = text.AsSpan(position, lineEnd - position);
            position = next;
            lineNumber++;

            if (lineNumber > MaxLines)
            {
                throw new SdpParseException(lineNumber, $"more than {MaxLines} lines");
            }

            if (line.IsEmpty)
            {
                // Trailing blank lines are common (body padded with CRLF); a blank line in the middle is not SDP.
                sawBlank = true;
                continue;
            }

            if (sawBlank)
            {
                throw new SdpParseException(lineNumber, "content after an empty line");
            }

            if (line.Length > MaxLineLength)
            {
                throw new SdpParseException(lineNumber, $"line is longer than {MaxLineLength} characters");
            }

            if (line.Length < 2 || line[1] != '=')
            {
                throw new SdpParseException(lineNumber, "expected '<type>=<value>'");
            }

            char type = line[0];
            if (type is < 'a' or > 'z')
            {
                throw new SdpParseException(lineNumber, $"type '{Printable(type)}' is not a lower-case letter");
            }

            ReadOnlySpan<char> valueSpan = line[2..];
            foreach (char c in valueSpan)
            {
                if (c == '\0' || c == '\r')
                {
                    throw new SdpParseException(lineNumber, "value contains NUL or a bare CR");
                }
            }

            string value = valueSpan.ToString();

            if (session is null)
            {
                if (type != 'v')
                {
                    throw new SdpParseException(lineNumber, "the first line must be 'v='");
                }

                if (value != "0")
                {
                    throw new SdpParseException(lineNumber, $"unsupported protocol version '{value}'");
                }

                session = new SessionDescription { Origin = null! };
                continue;
            }

            if (type == 'v')
            {
                throw new SdpParseException(lineNumber, "duplicate 'v=' line");
            }

            if (session.Origin is null && type != 'o')
            {
                throw new SdpParseException(lineNumber, "the second line must be 'o='");
            }

            switch (type)
            {
                case 'o':
                    if (session.Origin is not null)
                    {
                        throw new SdpParseException(lineNumber, "duplicate 'o=' line");
                    }

                    session.Origin = ParseOrigin(value, lineNumber);
                    break;
                case 's':
                    if (sawSessionName || media is not null)
                    {
                        throw new SdpParseException(lineNumber, "'s=' must appear once, before any 'm='");
                    }

                    sawSessionName = true;
                    session.SessionName = value;
                    break;
                case 'c':
                    SdpConnection connection = ParseConnection(value, lineNumber);
                    if (media is null)
                    {
                        if (session.Connection is not null)
                        {
                            throw new SdpParseException(lineNumber, "duplicate session-level 'c=' line");
                        }

                        session.Connection = connection;
                    }
                    else
                    {
                        // RFC 4566 allows several c= per media for multicast layering; the first one is the unicast target.
                        media.Connection ??= connection;
                        if (!ReferenceEquals(media.Connection, connection))
                        {
                            media.OtherLines.Add(new SdpLine('c', value));
                        }
                    }

                    break;
                case 't':
                case 'r':
                    if (media is not null)
                    {
                        throw new SdpParseException(lineNumber, $"'{type}=' is only allowed before the first 'm='");
                    }

                    if (type == 't')
                    {
                        ValidateTiming(value, lineNumber);
                    }
                    else if (session.TimeLines.Count == 0)
                    {
                        throw new SdpParseException(lineNumber, "'r=' without a preceding 't='");
                    }

                    session.TimeLines.Add(new SdpLine(type, value));
                    break;
                case 'm':
                    if (session.Media.Count >= MaxMediaSections)
                    {
                        throw new SdpParseException(lineNumber, $"more than {MaxMediaSections} media sections");
                    }

                    media = ParseMedia(value, lineNumber);
                    session.Media.Add(media);
                    break;
                case 'a':
                    SdpAttribute attribute = ParseAttribute(value, lineNumber);
                    (media?.Attributes ?? session.Attributes).Add(attribute);
                    break;
                default:
                    (media?.OtherLines ?? session.OtherLines).Add(new SdpLine(type, value));
                    break;
            }
        }

        if (session is null)
        {
            throw new SdpParseException(0, "body contains no lines");
        }

        if (session.Origin is null)
        {
            throw new SdpParseException(0, "missing 'o=' line");
        }

        if (!sawSessionName)
        {
            throw new SdpParseException(0, "missing 's=' line");
        }

        return session;
    }

    private static SdpOrigin ParseOrigin(string value, int lineNumber)
    {
        string[] fields = SplitFields(value);
        if (fields.Length != 6)
        {
            throw new SdpParseException(lineNumber, $"'o=' needs 6 fields, found {fields.Length}");
        }

        if (!ulong.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out ulong version))
        {
            throw new SdpParseException(lineNumber, $"session version '{fields[2]}' is not an unsigned 64-bit number");
        }

        ValidateAddressType(fields[3], fields[4], lineNumber);
        return new SdpOrigin(fields[0], fields[1], version, fields[3], fields[4], fields[5]);
    }

    private static SdpConnection ParseConnection(string value, int lineNumber)
    {
        string[] fields = SplitFields(value);
        if (fields.Length != 3)
        {
            throw new SdpParseException(lineNumber, $"'c=' needs 3 fields, found {fields.Length}");
        }

        ValidateAddressType(fields[0], fields[1], lineNumber);
        string address = fields[2];
        string host = address;
        int slash = address.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            host = address[..slash];
        }

        if (host.Length == 0)
        {
            throw new SdpParseException(lineNumber, "empty connection address");
        }

        bool isIp6 = string.Equals(fields[1], "IP6", StringComparison.OrdinalIgnoreCase);
        if (isIp6 && !host.Contains(':', StringComparison.Ordinal) && !LooksLikeHostName(host))
        {
            throw new SdpParseException(lineNumber, $"'{host}' is not an IPv6 address");
        }

        if (!isIp6 && host.Contains(':', StringComparison.Ordinal))
        {
            throw new SdpParseException(lineNumber, $"'{host}' is an IPv6 address on an IP4 line");
        }

        if (host.Contains(':', StringComparison.Ordinal) || char.IsAsciiDigit(host[0]) && IsAllDigitsAndDots(host))
        {
            if (!System.Net.IPAddress.TryParse(host, out _))
            {
                throw new SdpParseException(lineNumber, $"'{host}' is not a valid IP address");
            }
        }
        else if (!LooksLikeHostName(host))
        {
            throw new SdpParseException(lineNumber, $"'{host}' is neither an IP address nor a host name");
        }

        return new SdpConnection(fields[0], fields[1], address);
    }

    private static void ValidateAddressType(string networkType, string addressType, int lineNumber)
    {
        if (!string.Equals(networkType, "IN", StringComparison.OrdinalIgnoreCase))
        {
            throw new SdpParseException(lineNumber, $"network type '{networkType}' is not 'IN'");
        }

        if (!string.Equals(addressType, "IP4", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(addressType, "IP6", StringComparison.OrdinalIgnoreCase))
        {
            throw new SdpParseException(lineNumber, $"address type '{addressType}' is not 'IP4' or 'IP6'");
        }
    }

    private static void ValidateTiming(string value, int lineNumber)
    {
        string[] fields = SplitFields(value);
        if (fields.Length != 2
            || !ulong.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out _)
            || !ulong.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw new SdpParseException(lineNumber, "'t=' needs two unsigned numbers (start stop)");
        }
    }

    private static SdpMediaDescription ParseMedia(string value, int lineNumber)
    {
        string[] fields = SplitFields(value);
        if (fields.Length < 4)
        {
            throw new SdpParseException(lineNumber, "'m=' needs media, port, protocol and at least one format");
        }

        if (fields.Length - 3 > MaxFormatsPerMedia)
        {
            throw new SdpParseException(lineNumber, $"more than {MaxFormatsPerMedia} formats");
        }

        if (!IsToken(fields[0]))
        {
            throw new SdpParseException(lineNumber, $"media type '{fields[0]}' is not a token");
        }

        string portText = fields[1];
        int? portCount = null;
        int slash = portText.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!int.TryParse(portText.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int count)
                || count <= 0 || count > 65535)
            {
                throw new SdpParseException(lineNumber, $"invalid port count in '{portText}'");
            }

            portCount = count;
            portText = portText[..slash];
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
        {
            throw new SdpParseException(lineNumber, $"port '{portText}' is not a number 0-65535");
        }

        bool isRtp = fields[2].StartsWith("RTP/", StringComparison.OrdinalIgnoreCase);
        var media = new SdpMediaDescription { Media = fields[0], Port = port, PortCount = portCount, Protocol = fields[2] };
        for (int i = 3; i < fields.Length; i++)
        {
            if (isRtp && !SdpRtpMap.TryParsePayloadType(fields[i], out _))
            {
                throw new SdpParseException(lineNumber, $"RTP payload type '{fields[i]}' is not a number 0-127");
            }

            media.Formats.Add(fields[i]);
        }

        return media;
    }

    private static SdpAttribute ParseAttribute(string value, int lineNumber)
    {
        int colon = value.IndexOf(':', StringComparison.Ordinal);
        string name = colon < 0 ? value : value[..colon];
        if (!IsToken(name))
        {
            throw new SdpParseException(lineNumber, $"attribute name '{name}' is not a token");
        }

        string? attributeValue = colon < 0 ? null : value[(colon + 1)..];
        if (attributeValue is not null && string.Equals(name, "rtpmap", StringComparison.OrdinalIgnoreCase)
            && !SdpRtpMap.TryParse(attributeValue, out _))
        {
            throw new SdpParseException(lineNumber, $"malformed rtpmap '{attributeValue}'");
        }

        return new SdpAttribute(name, attributeValue);
    }

    // SDP separates fields with exactly one space; tolerating runs of spaces and tabs costs nothing and
    // accepts bodies some hand-written trunks emit.
    private static string[] SplitFields(string value) =>
        value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    private static bool IsToken(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        foreach (char c in text)
        {
            bool ok = char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`{|}~".Contains(c, StringComparison.Ordinal);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAllDigitsAndDots(string text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c) && c != '.')
            {
                return false;
            }
        }

        return true;
    }

    private static bool LooksLikeHostName(string text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '.')
            {
                return false;
            }
        }

        return text.Length > 0;
    }

    private static string Printable(char c) => c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString();
}
