using System.Globalization;
using System.Text;

namespace Switchboard.Sip.Dialogs;

/// <summary>Reads and writes INFO bodies carrying one DTMF digit (application/dtmf-relay and application/dtmf).</summary>
internal static class DtmfInfoCodec
{
    public const string RelayContentType = "application/dtmf-relay";
    public const string PlainContentType = "application/dtmf";

    public static bool IsDigit(char c) => c is (>= '0' and <= '9') or '*' or '#' or (>= 'A' and <= 'D');

    public static bool TryParse(string? contentType, ReadOnlySpan<byte> body, out char digit)
    {
        digit = '\0';
        string? type = contentType?.Split(';')[0].Trim();
        string text = Encoding.UTF8.GetString(body);
        if (string.Equals(type, RelayContentType, StringComparison.OrdinalIgnoreCase))
        {
            foreach (string line in text.Split('\n'))
            {
                int eq = line.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0 && line.AsSpan(0, eq).Trim().Equals("Signal", StringComparison.OrdinalIgnoreCase))
                {
                    return TryDigit(line[(eq + 1)..].Trim(), out digit);
                }
            }

            return false;
        }

        return string.Equals(type, PlainContentType, StringComparison.OrdinalIgnoreCase) && TryDigit(text.Trim(), out digit);
    }

    public static byte[] FormatRelay(char digit, int durationMs) =>
        Encoding.ASCII.GetBytes("Signal=" + digit + "\r\nDuration=" + durationMs.ToString(CultureInfo.InvariantCulture) + "\r\n");

    private static bool TryDigit(string s, out char digit)
    {
        digit = '\0';
        if (s.Length == 1 && IsDigit(char.ToUpperInvariant(s[0])))
        {
            digit = char.ToUpperInvariant(s[0]);
            return true;
        }

        // RFC 4733 event codes 10 and 11 stand for * and #; some phones send them numerically.
        if (s is "10" or "11")
        {
            digit = s == "10" ? '*' : '#';
            return true;
        }

        return false;
    }
}
