using System.Globalization;
using System.Text;
using Switchboard.Sip.Messages;

namespace Switchboard.Sip.Parsing;

/// <summary>Parses and formats the header fields that have a typed form. Lists are split respecting quotes and brackets.</summary>
internal static class HeaderCodec
{
    [ThreadStatic]
    private static List<Range>? t_parts;

    internal static bool HasTypedForm(string canonicalName) => canonicalName switch
    {
        SipHeaderNames.Via or SipHeaderNames.From or SipHeaderNames.To or SipHeaderNames.Contact or SipHeaderNames.Route
            or SipHeaderNames.RecordRoute or SipHeaderNames.CSeq or SipHeaderNames.CallId or SipHeaderNames.MaxForwards
            or SipHeaderNames.ContentLength or SipHeaderNames.ContentType or SipHeaderNames.Expires or SipHeaderNames.Date => true,
        _ => false,
    };

    /// <summary>True for headers that may appear at most once (RFC 3261 §7.3.1: not a comma-separated list).</summary>
    internal static bool IsSingleton(string canonicalName) => canonicalName switch
    {
        SipHeaderNames.From or SipHeaderNames.To or SipHeaderNames.CSeq or SipHeaderNames.CallId or SipHeaderNames.MaxForwards
            or SipHeaderNames.ContentLength or SipHeaderNames.ContentType or SipHeaderNames.Expires or SipHeaderNames.Date => true,
        _ => false,
    };

    internal static bool TryParse(string name, string value, out object? parsed, out string? error)
    {
        parsed = null;
        error = null;
        switch (name)
        {
            case SipHeaderNames.Via:
                parsed = ParseList(value, static (ReadOnlySpan<char> s, out string? e) => ViaHeader.TryParse(s, out e), out error);
                break;
            case SipHeaderNames.Route:
            case SipHeaderNames.RecordRoute:
                parsed = ParseList(value, static (ReadOnlySpan<char> s, out string? e) => NameAddress.TryParse(s, out e), out error);
                break;
            case SipHeaderNames.Contact:
                parsed = value == "*" ? new[] { ContactHeader.Wildcard } : ParseList(value, ParseContact, out error);
                break;
            case SipHeaderNames.From:
            case SipHeaderNames.To:
                parsed = NameAddress.TryParse(value, out error);
                break;
            case SipHeaderNames.CSeq:
                parsed = CSeqHeader.TryParse(value, out error);
                break;
            case SipHeaderNames.CallId:
                parsed = IsCallId(value) ? value : null;
                error = "not a word[@word]";
                break;
            case SipHeaderNames.MaxForwards:
                parsed = SipSyntax.TryParseUInt(value, 255, out uint mf) ? (int)mf : null;
                error = "not a number from 0 to 255";
                break;
            case SipHeaderNames.ContentLength:
                parsed = SipSyntax.TryParseUInt(value, int.MaxValue, out uint cl) ? (int)cl : null;
                error = "not a non-negative number";
                break;
            case SipHeaderNames.Expires:
                parsed = ContactHeader.IsValidExpires(value) ? SipSyntax.ClampedSeconds(value) : null;
                error = "not delta-seconds";
                break;
            case SipHeaderNames.Date:
                parsed = DateTimeOffset.TryParseExact(value, "ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal, out DateTimeOffset date) ? date : null;
                error = "not an RFC 1123 date in GMT";
                break;
            case SipHeaderNames.ContentType:
                parsed = IsMediaType(value) ? value : null;
                error = "not type/subtype[;params]";
                break;
            default:
                return false;
        }

        if (parsed is not null)
        {
            error = null;
            return true;
        }

        return false;
    }

    internal static string Format(object parsed) => parsed switch
    {
        string s => s,
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        DateTimeOffset d => d.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture),
        Array a => JoinList(a),
        _ => parsed.ToString() ?? string.Empty,
    };

    private static string JoinList(Array items)
    {
        var sb = new StringBuilder();
        foreach (object? o in items)
        {
            if (sb.Length > 0)
            {
                sb.Append(", ");
            }

            sb.Append(o);
        }

        return sb.ToString();
    }

    private delegate T? ElementParser<T>(ReadOnlySpan<char> s, out string? error);

    private static T[]? ParseList<T>(string value, ElementParser<T> parse, out string? error)
        where T : class
    {
        List<Range> parts = t_parts ??= [];
        if (!SipSyntax.SplitList(value, parts))
        {
            error = "unbalanced quotes or angle brackets";
            return null;
        }

        var result = new T[parts.Count];
        for (int i = 0; i < result.Length; i++)
        {
            ReadOnlySpan<char> part = value.AsSpan()[parts[i]];
            if (part.IsEmpty)
            {
                error = "empty list element";
                return null;
            }

            T? item = parse(part, out error);
            if (item is null)
            {
                return null;
            }

            result[i] = item;
        }

        error = null;
        return result;
    }

    private static ContactHeader? ParseContact(ReadOnlySpan<char> s, out string? error)
    {
        if (s.SequenceEqual("*"))
        {
            error = "'*' must be the only Contact value";
            return null;
        }

        NameAddress? address = NameAddress.TryParse(s, out error);
        if (address is null)
        {
            return null;
        }

        if ((address.Parameters.Contains("expires") && !ContactHeader.IsValidExpires(address.Parameters.GetValue("expires")))
            || (address.Parameters.Contains("q") && !ContactHeader.IsValidQ(address.Parameters.GetValue("q"))))
        {
            error = "malformed expires or q parameter";
            return null;
        }

        return ContactHeader.For(address);
    }

    private static bool IsCallId(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        int ats = 0;
        foreach (char c in value)
        {
            if (c == '@')
            {
                ats++;
            }
            else if (!SipSyntax.IsTokenChar(c) && c is not ('(' or ')' or '<' or '>' or ':' or '\\' or '"' or '/' or '[' or ']' or '?' or '{' or '}'))
            {
                return false;
            }
        }

        return ats <= 1 && value[0] != '@' && value[^1] != '@';
    }

    private static bool IsMediaType(string value)
    {
        ReadOnlySpan<char> s = value;
        int i = SipSyntax.ReadToken(s, 0);
        if (i == 0)
        {
            return false;
        }

        i = SipSyntax.SkipWs(s, i);
        if (i >= s.Length || s[i] != '/')
        {
            return false;
        }

        int sub = SipSyntax.SkipWs(s, i + 1);
        int end = SipSyntax.ReadToken(s, sub);
        return end > sub && SipSyntax.TryParseParams(s, end, new SipParameters(), out _);
    }
}
