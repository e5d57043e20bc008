using System.Globalization;
using System.Text;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Parsing;

namespace Switchboard.Sip.Uris;

/// <summary>
/// A URI as used in SIP (RFC 3261 §19.1, §25.1): <c>sip:</c> and <c>sips:</c> URIs with user, password, host, port,
/// parameters and headers; <c>tel:</c> URIs (RFC 3966) with the number in <see cref="User"/> and its parameters; and
/// any other scheme kept as an opaque absolute URI in <see cref="Opaque"/>. Components are held %-decoded;
/// <see cref="ToString"/> writes the canonical escaped form. Not thread-safe for mutation of
/// <see cref="Parameters"/>/<see cref="Headers"/>; concurrent reads are safe.
/// </summary>
public sealed class SipUri
{
    private SipUri(string scheme)
    {
        Scheme = scheme;
    }

    /// <summary>Creates a <c>sip:</c>/<c>sips:</c> URI.</summary>
    /// <exception cref="ArgumentException">The scheme is not sip/sips, the host is empty or the port is out of range.</exception>
    public SipUri(string scheme, string? user, string host, int? port = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(scheme);
        ArgumentException.ThrowIfNullOrEmpty(host);
        Scheme = scheme.ToLowerInvariant();
        if (!IsSip)
        {
            throw new ArgumentException("Only sip and sips URIs can be built from parts; use Parse for others.", nameof(scheme));
        }

        if (port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "A port is 0..65535.");
        }

        User = user;
        Host = host;
        Port = port;
    }

    /// <summary>The scheme in lower case: <c>sip</c>, <c>sips</c>, <c>tel</c> or another.</summary>
    public string Scheme { get; }

    /// <summary>The decoded user part of a sip/sips URI, or the number of a tel URI; <see langword="null"/> when absent.</summary>
    public string? User { get; private set; }

    /// <summary>The decoded password of a sip/sips URI, if any.</summary>
    public string? Password { get; private set; }

    /// <summary>The host of a sip/sips URI (IPv6 references keep their brackets); empty for other schemes.</summary>
    public string Host { get; private set; } = string.Empty;

    /// <summary>The explicit port of a sip/sips URI, if any.</summary>
    public int? Port { get; private set; }

    /// <summary>URI parameters (decoded), for sip, sips and tel.</summary>
    public SipParameters Parameters { get; } = new();

    /// <summary>URI headers (<c>?name=value&amp;...</c>, decoded), sip/sips only.</summary>
    public List<KeyValuePair<string, string>> Headers { get; } = [];

    /// <summary>For schemes other than sip, sips and tel: everything after <c>scheme:</c>, verbatim.</summary>
    public string? Opaque { get; private set; }

    /// <summary>True for sip and sips.</summary>
    public bool IsSip => Scheme is "sip" or "sips";

    /// <summary>True for sips.</summary>
    public bool IsSecure => Scheme == "sips";

    /// <summary>True for tel (RFC 3966).</summary>
    public bool IsTel => Scheme == "tel";

    /// <summary>Parses a URI.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="SipParseException">The text is not a valid URI (suggested status 400).</exception>
    public static SipUri Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text.AsSpan(), out string? error)
            ?? throw new SipParseException(SipParseError.Respond(400, $"Invalid URI: {error}"));
    }

    /// <summary>Parses a URI without throwing.</summary>
    public static bool TryParse(string? text, out SipUri? uri)
    {
        uri = text is null ? null : TryParse(text.AsSpan(), out _);
        return uri is not null;
    }

    internal static SipUri? TryParse(ReadOnlySpan<char> text, out string? error)
    {
        error = null;
        int colon = text.IndexOf(':');
        if (colon <= 0)
        {
            error = "missing scheme";
            return null;
        }

        ReadOnlySpan<char> scheme = text[..colon];
        if (!char.IsAsciiLetter(scheme[0]))
        {
            error = "bad scheme";
            return null;
        }

        foreach (char c in scheme)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                error = "bad scheme";
                return null;
            }
        }

        var uri = new SipUri(scheme.ToString().ToLowerInvariant());
        ReadOnlySpan<char> rest = text[(colon + 1)..];
        if (rest.IsEmpty)
        {
            error = "empty URI";
            return null;
        }

        bool ok = uri.IsSip ? uri.ParseSip(rest, out error)
            : uri.IsTel ? uri.ParseTel(rest, out error)
            : uri.ParseOpaque(rest, out error);
        return ok ? uri : null;
    }

    private bool ParseOpaque(ReadOnlySpan<char> rest, out string? error)
    {
        foreach (char c in rest)
        {
            if (c <= ' ' || c is '<' or '>' or '"' or (char)0x7F)
            {
                error = "character not allowed in an absolute URI";
                return false;
            }
        }

        Opaque = rest.ToString();
        error = null;
        return true;
    }

    private bool ParseTel(ReadOnlySpan<char> rest, out string? error)
    {
        int semi = rest.IndexOf(';');
        ReadOnlySpan<char> number = semi >= 0 ? rest[..semi] : rest;
        if (number.IsEmpty || !UriEscaping.TryDecode(number, c => char.IsAsciiHexDigit(c) || c is '+' or '-' or '.' or '(' or ')' or '*' or '#', out string decoded))
        {
            error = "bad telephone number";
            return false;
        }

        User = decoded;
        return ParseParams(semi >= 0 ? rest[semi..] : [], out error);
    }

    private bool ParseSip(ReadOnlySpan<char> rest, out string? error)
    {
        // '@' cannot appear unescaped after the userinfo (RFC 3261 §25.1), while ';' and '?' can appear inside it,
        // so the userinfo must be cut at '@' before params and headers are looked for.
        int at = rest.IndexOf('@');
        if (at >= 0)
        {
            ReadOnlySpan<char> userInfo = rest[..at];
            int pw = userInfo.IndexOf(':');
            ReadOnlySpan<char> user = pw >= 0 ? userInfo[..pw] : userInfo;
            if (user.IsEmpty || !UriEscaping.TryDecode(user, UriEscaping.IsUserChar, out string u))
            {
                error = "bad user part";
                return false;
            }

            User = u;
            if (pw >= 0)
            {
                if (!UriEscaping.TryDecode(userInfo[(pw + 1)..], UriEscaping.IsPasswordChar, out string p))
                {
                    error = "bad password";
                    return false;
                }

                Password = p;
            }

            rest = rest[(at + 1)..];
        }

        int q = rest.IndexOf('?');
        ReadOnlySpan<char> headers = q >= 0 ? rest[(q + 1)..] : [];
        if (q >= 0)
        {
            rest = rest[..q];
        }

        int semi = rest.IndexOf(';');
        ReadOnlySpan<char> hostPort = semi >= 0 ? rest[..semi] : rest;
        if (!ParseHostPort(hostPort, out error) || !ParseParams(semi >= 0 ? rest[semi..] : [], out error))
        {
            return false;
        }

        return q < 0 || ParseHeaders(headers, out error);
    }

    private bool ParseHostPort(ReadOnlySpan<char> hostPort, out string? error)
    {
        error = "bad host";
        ReadOnlySpan<char> host;
        ReadOnlySpan<char> port = [];
        bool hasPort = false;
        if (hostPort.StartsWith('['))
        {
            int close = hostPort.IndexOf(']');
            if (close < 3)
            {
                return false;
            }

            host = hostPort[..(close + 1)];
            foreach (char c in host[1..^1])
            {
                if (!char.IsAsciiHexDigit(c) && c is not (':' or '.'))
                {
                    return false;
                }
            }

            ReadOnlySpan<char> after = hostPort[(close + 1)..];
            if (!after.IsEmpty)
            {
                if (after[0] != ':')
                {
                    return false;
                }

                hasPort = true;
                port = after[1..];
            }
        }
        else
        {
            int colon = hostPort.IndexOf(':');
            host = colon >= 0 ? hostPort[..colon] : hostPort;
            if (colon >= 0)
            {
                hasPort = true;
                port = hostPort[(colon + 1)..];
            }

            if (!SipSyntax.IsHostName(host))
            {
                return false;
            }
        }

        if (hasPort)
        {
            if (!SipSyntax.TryParseUInt(port, 65535, out uint p))
            {
                error = "bad port";
                return false;
            }

            Port = (int)p;
        }

        Host = host.ToString();
        error = null;
        return true;
    }

    private bool ParseParams(ReadOnlySpan<char> text, out string? error)
    {
        error = null;
        // text is empty or starts with ';'.
        while (!text.IsEmpty)
        {
            text = text[1..];
            int next = text.IndexOf(';');
            ReadOnlySpan<char> p = next >= 0 ? text[..next] : text;
            int eq = p.IndexOf('=');
            ReadOnlySpan<char> name = eq >= 0 ? p[..eq] : p;
            if (name.IsEmpty || !UriEscaping.TryDecode(name, UriEscaping.IsParamChar, out string n))
            {
                error = "bad URI parameter";
                return false;
            }

            string? v = null;
            if (eq >= 0 && !UriEscaping.TryDecode(p[(eq + 1)..], UriEscaping.IsParamChar, out v))
            {
                error = "bad URI parameter value";
                return false;
            }

            Parameters.Add(n, v);
            text = next >= 0 ? text[next..] : [];
        }

        return true;
    }

    private bool ParseHeaders(ReadOnlySpan<char> text, out string? error)
    {
        error = "bad URI header";
        while (true)
        {
            int amp = text.IndexOf('&');
            ReadOnlySpan<char> h = amp >= 0 ? text[..amp] : text;
            int eq = h.IndexOf('=');
            if (eq <= 0
                || !UriEscaping.TryDecode(h[..eq], UriEscaping.IsHeaderChar, out string name)
                || !UriEscaping.TryDecode(h[(eq + 1)..], UriEscaping.IsHeaderChar, out string value))
            {
                return false;
            }

            Headers.Add(new KeyValuePair<string, string>(name, value));
            if (amp < 0)
            {
                error = null;
                return true;
            }

            text = text[(amp + 1)..];
        }
    }

    /// <summary>The canonical escaped form.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(64);
        sb.Append(Scheme).Append(':');
        if (Opaque is not null)
        {
            return sb.Append(Opaque).ToString();
        }

        if (IsTel)
        {
            UriEscaping.Encode(sb, User ?? string.Empty, c => char.IsAsciiHexDigit(c) || c is '+' or '-' or '.' or '(' or ')' or '*' or '#');
        }
        else
        {
            if (User is not null)
            {
                UriEscaping.Encode(sb, User, UriEscaping.IsUserChar);
                if (Password is not null)
                {
                    sb.Append(':');
                    UriEscaping.Encode(sb, Password, UriEscaping.IsPasswordChar);
                }

                sb.Append('@');
            }

            sb.Append(Host);
            if (Port is int port)
            {
                sb.Append(':').Append(port.ToString(CultureInfo.InvariantCulture));
            }
        }

        foreach (SipParameter p in Parameters)
        {
            sb.Append(';');
            UriEscaping.Encode(sb, p.Name, UriEscaping.IsParamChar);
            if (p.Value is not null)
            {
                sb.Append('=');
                UriEscaping.Encode(sb, p.Value, UriEscaping.IsParamChar);
            }
        }

        for (int i = 0; i < Headers.Count; i++)
        {
            sb.Append(i == 0 ? '?' : '&');
            UriEscaping.Encode(sb, Headers[i].Key, UriEscaping.IsHeaderChar);
            sb.Append('=');
            UriEscaping.Encode(sb, Headers[i].Value, UriEscaping.IsHeaderChar);
        }

        return sb.ToString();
    }
}
