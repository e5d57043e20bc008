using System.Text;
using Switchboard.Sip.Parsing;
using Switchboard.Sip.Uris;

namespace Switchboard.Sip.Messages;

/// <summary>
/// A <c>name-addr</c> or <c>addr-spec</c> with header parameters, as in From, To, Contact, Route and Record-Route
/// (RFC 3261 §20.10, §25.1). When the URI was not in angle brackets, every <c>;param</c> after it belongs to the header,
/// not the URI (§20). Not thread-safe for mutation; concurrent reads are safe.
/// </summary>
public sealed class NameAddress
{
    /// <summary>Creates an address.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="uri"/> is null.</exception>
    public NameAddress(SipUri uri, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(uri);
        Uri = uri;
        DisplayName = displayName;
    }

    /// <summary>The display name, unquoted and unescaped; <see langword="null"/> when absent.</summary>
    public string? DisplayName { get; set; }

    /// <summary>The address.</summary>
    public SipUri Uri { get; }

    /// <summary>Header parameters (tag, expires, q, ...). Quoted values keep their quotes.</summary>
    public SipParameters Parameters { get; } = new();

    /// <summary>The <c>tag</c> parameter (RFC 3261 §19.3), if any.</summary>
    public string? Tag => Parameters.GetValue("tag");

    /// <summary>A copy with the given tag set (used for the To tag of responses).</summary>
    /// <exception cref="ArgumentException">The tag is empty or not a token.</exception>
    public NameAddress WithTag(string tag)
    {
        if (!SipSyntax.IsToken(tag))
        {
            throw new ArgumentException("A tag must be a non-empty token.", nameof(tag));
        }

        var copy = new NameAddress(Uri, DisplayName);
        foreach (SipParameter p in Parameters)
        {
            copy.Parameters.Add(p.Name, p.Value);
        }

        copy.Parameters.Set("tag", tag);
        return copy;
    }

    /// <summary>Parses one address (no comma list).</summary>
    /// <exception cref="SipParseException">The value is malformed (suggested status 400).</exception>
    public static NameAddress Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryParse(value, out string? error) ?? throw new SipParseException(SipParseError.Respond(400, $"Invalid address: {error}"));
    }

    internal static NameAddress? TryParse(ReadOnlySpan<char> s, out string? error)
    {
        int i = SipSyntax.SkipWs(s, 0);
        string? display = null;
        SipUri? uri;
        int angle = FindAngle(s, i);
        if (angle == -2)
        {
            error = "unterminated quoted display name";
            return null;
        }

        if (angle >= 0)
        {
            if (i < s.Length && s[i] == '"')
            {
                var sb = new StringBuilder();
                int end = SipSyntax.ReadQuoted(s, i, sb);
                if (SipSyntax.SkipWs(s, end) != angle)
                {
                    error = "text between display name and '<'";
                    return null;
                }

                display = sb.ToString();
            }
            else if (angle > i)
            {
                ReadOnlySpan<char> words = s[i..angle].TrimEnd(" \t");
                foreach (char c in words)
                {
                    if (!SipSyntax.IsTokenChar(c) && !SipSyntax.IsWs(c))
                    {
                        error = "display name must be tokens or a quoted string";
                        return null;
                    }
                }

                display = words.ToString();
            }

            int close = s[angle..].IndexOf('>');
            if (close < 0)
            {
                error = "missing '>'";
                return null;
            }

            close += angle;
            uri = SipUri.TryParse(s[(angle + 1)..close], out error);
            if (uri is null)
            {
                return null;
            }

            i = close + 1;
        }
        else
        {
            // addr-spec: the URI cannot contain ';', '?' or ',' here (RFC 3261 §20), so it ends at the first ';'.
            int end = i;
            while (end < s.Length && s[end] != ';' && !SipSyntax.IsWs(s[end]))
            {
                end++;
            }

            ReadOnlySpan<char> spec = s[i..end];
            if (spec.Contains('?'))
            {
                error = "URI with headers must be enclosed in '<' '>'";
                return null;
            }

            uri = SipUri.TryParse(spec, out error);
            if (uri is null)
            {
                return null;
            }

            i = end;
        }

        var result = new NameAddress(uri, display);
        return SipSyntax.TryParseParams(s, i, result.Parameters, out error) ? result : null;
    }

    // Index of the '<' that opens a name-addr, -1 when the value is an addr-spec, -2 on an unterminated quote.
    private static int FindAngle(ReadOnlySpan<char> s, int i)
    {
        for (; i < s.Length; i++)
        {
            if (s[i] == '"')
            {
                int end = SipSyntax.ReadQuoted(s, i, null);
                if (end < 0)
                {
                    return -2;
                }

                i = end - 1;
            }
            else if (s[i] == '<')
            {
                return i;
            }
            else if (s[i] == ';')
            {
                return -1;
            }
        }

        return -1;
    }

    /// <summary>The canonical form: <c>"display" &lt;uri&gt;;params</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(96);
        if (DisplayName is not null)
        {
            SipSyntax.AppendQuoted(sb, DisplayName);
            sb.Append(' ');
        }

        sb.Append('<').Append(Uri.ToString()).Append('>');
        SipSyntax.AppendParams(sb, Parameters);
        return sb.ToString();
    }
}
