using System.Text;

namespace Switchboard.Sip.Uris;

/// <summary>%-escaping for the SIP URI components of RFC 3261 §25.1 (user, password, parameters, headers).</summary>
internal static class UriEscaping
{
    private const string Mark = "-_.!~*'()";

    internal static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || Mark.Contains(c, StringComparison.Ordinal);

    internal static bool IsUserChar(char c) => IsUnreserved(c) || "&=+$,;?/".Contains(c, StringComparison.Ordinal);

    internal static bool IsPasswordChar(char c) => IsUnreserved(c) || "&=+$,".Contains(c, StringComparison.Ordinal);

    internal static bool IsParamChar(char c) => IsUnreserved(c) || "[]/:&+$".Contains(c, StringComparison.Ordinal);

    internal static bool IsHeaderChar(char c) => IsUnreserved(c) || "[]/?:+$".Contains(c, StringComparison.Ordinal);

    /// <summary>Decodes %HH escapes; fails on a character outside <paramref name="allowed"/> or a broken escape.</summary>
    internal static bool TryDecode(ReadOnlySpan<char> text, Func<char, bool> allowed, out string decoded)
    {
        decoded = string.Empty;
        if (text.IndexOf('%') < 0)
        {
            foreach (char c in text)
            {
                if (!allowed(c))
                {
                    return false;
                }
            }

            decoded = text.ToString();
            return true;
        }

        // Escapes encode octets; collecting bytes first keeps multi-byte UTF-8 sequences intact.
        byte[] bytes = new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        int n = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '%')
            {
                if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
                {
                    return false;
                }

                bytes[n++] = (byte)((HexValue(text[i + 1]) << 4) | HexValue(text[i + 2]));
                i += 2;
            }
            else if (allowed(c))
            {
                n += Encoding.UTF8.GetBytes(text.Slice(i, 1), bytes.AsSpan(n));
            }
            else
            {
                return false;
            }
        }

        decoded = Encoding.UTF8.GetString(bytes, 0, n);
        return true;
    }

    /// <summary>Escapes every octet of the UTF-8 form that is not in <paramref name="allowed"/>.</summary>
    internal static void Encode(StringBuilder sb, string value, Func<char, bool> allowed)
    {
        Span<byte> buf = stackalloc byte[4];
        foreach (Rune r in value.EnumerateRunes())
        {
            if (r.IsAscii && allowed((char)r.Value))
            {
                sb.Append((char)r.Value);
                continue;
            }

            int len = r.EncodeToUtf8(buf);
            for (int i = 0; i < len; i++)
            {
                sb.Append('%').Append(buf[i].ToString("X2"));
            }
        }
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
