using System.Text;
using Switchboard.Sip.Messages;

namespace Switchboard.Sip.Parsing;

/// <summary>Lexical rules of RFC 3261 §25.1 shared by the header parsers. Iterative, linear-time, no recursion.</summary>
internal static class SipSyntax
{
    private static readonly System.Buffers.SearchValues<char> Ipv6Chars = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF:.");

    internal static bool IsWs(char c) => c is ' ' or '\t';

    internal static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '!' or '%' or '*' or '_' or '+' or '`' or '\'' or '~';

    internal static bool IsToken(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (char c in s)
        {
            if (!IsTokenChar(c))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool IsHostName(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty || s[0] == '.' || s[0] == '-')
        {
            return false;
        }

        foreach (char c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A host, or an IPv6 address without brackets as Via received= carries it (RFC 3261 §20.42).</summary>
    internal static bool IsHostOrBareIpv6(ReadOnlySpan<char> s) =>
        IsHost(s) || (s.Contains(':') && s.IndexOfAnyExcept(Ipv6Chars) < 0);

    internal static bool IsHost(ReadOnlySpan<char> s)
    {
        if (s.Length > 2 && s[0] == '[' && s[^1] == ']')
        {
            foreach (char c in s[1..^1])
            {
                if (!char.IsAsciiHexDigit(c) && c is not (':' or '.'))
                {
                    return false;
                }
            }

            return true;
        }

        return IsHostName(s);
    }

    /// <summary>Decimal digits only, value ≤ <paramref name="max"/>; overflow is a failure, never a wrap.</summary>
    internal static bool TryParseUInt(ReadOnlySpan<char> s, ulong max, out uint value)
    {
        value = 0;
        if (s.IsEmpty || !TryParseULong(s, max, out ulong v))
        {
            return false;
        }

        value = (uint)v;
        return true;
    }

    internal static bool TryParseULong(ReadOnlySpan<char> s, ulong max, out ulong value)
    {
        value = 0;
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (char c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (ulong)(c - '0');
            if (value > max)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>delta-seconds larger than 2^32-1 are read as 2^32-1 rather than rejected or wrapped.</summary>
    internal static long ClampedSeconds(ReadOnlySpan<char> digits) =>
        TryParseULong(digits, uint.MaxValue, out ulong v) ? (long)v : uint.MaxValue;

    internal static int SkipWs(ReadOnlySpan<char> s, int i)
    {
        while (i < s.Length && IsWs(s[i]))
        {
            i++;
        }

        return i;
    }

    internal static int ReadToken(ReadOnlySpan<char> s, int i)
    {
        while (i < s.Length && IsTokenChar(s[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>Reads a quoted-string starting at the opening quote; returns the index after the closing quote, or -1.</summary>
    internal static int ReadQuoted(ReadOnlySpan<char> s, int i, StringBuilder? unescaped)
    {
        i++;
        while (i < s.Length)
        {
            char c = s[i];
            if (c == '"')
            {
                return i + 1;
            }

            if (c == '\\')
            {
                if (i + 1 >= s.Length)
                {
                    return -1;
                }

                unescaped?.Append(s[i + 1]);
                i += 2;
                continue;
            }

            unescaped?.Append(c);
            i++;
        }

        return -1;
    }

    /// <summary>
    /// Splits a comma-separated header value, ignoring commas inside quoted strings and angle brackets. Elements are
    /// trimmed. Returns false on an unterminated quote or bracket; empty elements are reported as empty ranges.
    /// </summary>
    internal static bool SplitList(string value, List<Range> parts)
    {
        parts.Clear();
        int start = 0;
        bool inAngle = false;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '"')
            {
                int end = ReadQuoted(value, i, null);
                if (end < 0)
                {
                    return false;
                }

                i = end - 1;
            }
            else if (c == '<')
            {
                inAngle = true;
            }
            else if (c == '>')
            {
                inAngle = false;
            }
            else if (c == ',' && !inAngle)
            {
                parts.Add(Trim(value, start, i));
                start = i + 1;
            }
        }

        if (inAngle)
        {
            return false;
        }

        parts.Add(Trim(value, start, value.Length));
        return true;
    }

    private static Range Trim(string s, int start, int end)
    {
        while (start < end && IsWs(s[start]))
        {
            start++;
        }

        while (end > start && IsWs(s[end - 1]))
        {
            end--;
        }

        return new Range(start, end);
    }

    /// <summary>
    /// Parses <c>*( SEMI generic-param )</c> from <paramref name="i"/> to the end of <paramref name="s"/>, allowing LWS
    /// around ';' and '='. Quoted values keep their quotes.
    /// </summary>
    internal static bool TryParseParams(ReadOnlySpan<char> s, int i, SipParameters into, out string? error)
    {
        error = null;
        while (true)
        {
            i = SkipWs(s, i);
            if (i >= s.Length)
            {
                return true;
            }

            if (s[i] != ';')
            {
                error = "expected ';' before a parameter";
                return false;
            }

            i = SkipWs(s, i + 1);
            int nameEnd = ReadToken(s, i);
            if (nameEnd == i)
            {
                error = "empty parameter name";
                return false;
            }

            string name = s[i..nameEnd].ToString();
            i = SkipWs(s, nameEnd);
            string? value = null;
            if (i < s.Length && s[i] == '=')
            {
                i = SkipWs(s, i + 1);
                if (i < s.Length && s[i] == '"')
                {
                    int end = ReadQuoted(s, i, null);
                    if (end < 0)
                    {
                        error = "unterminated quoted parameter value";
                        return false;
                    }

                    value = s[i..end].ToString();
                    i = end;
                }
                else
                {
                    int start = i;
                    while (i < s.Length && (IsTokenChar(s[i]) || s[i] is '[' or ']' or ':'))
                    {
                        i++;
                    }

                    if (i == start)
                    {
                        error = $"parameter '{name}' has an empty value";
                        return false;
                    }

                    value = s[start..i].ToString();
                }
            }

            into.Add(name, value);
        }
    }

    /// <summary>Writes a quoted-string, escaping what qdtext cannot hold.</summary>
    internal static void AppendQuoted(StringBuilder sb, string text)
    {
        sb.Append('"');
        foreach (char c in text)
        {
            if (c is '"' or '\\' || (c < 0x20 && c != '\t') || c == 0x7F)
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        sb.Append('"');
    }

    internal static void AppendParams(StringBuilder sb, SipParameters parameters)
    {
        foreach (SipParameter p in parameters)
        {
            sb.Append(';').Append(p.Name);
            if (p.Value is not null)
            {
                sb.Append('=').Append(p.Value);
            }
        }
    }
}
