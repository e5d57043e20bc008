using System.Security.Cryptography;

namespace Switchboard.ControlPlane.Common;

/// <summary>Base62 (0-9, A-Z, a-z): URL-safe, double-click selectable, no padding.</summary>
internal static class Base62
{
    public const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static bool IsBase62(char c) => c is >= '0' and <= '9' or >= 'A' and <= 'Z' or >= 'a' and <= 'z';

    /// <summary>Random base62 string; rejection sampling keeps every character uniform.</summary>
    public static string Random(int length)
    {
        return string.Create(length, 0, static (span, _) =>
        {
            Span<byte> buffer = stackalloc byte[64];
            var i = 0;
            while (i < span.Length)
            {
                RandomNumberGenerator.Fill(buffer);
                foreach (var b in buffer)
                {
                    // 248 = 62 * 4: values at or above it would bias the low characters.
                    if (b >= 248) continue;
                    span[i++] = Alphabet[b % 62];
                    if (i == span.Length) break;
                }
            }
        });
    }

    /// <summary>Fixed-width big-endian base62 of a 32-bit value (6 digits hold 62^6 &gt; 2^32).</summary>
    public static string EncodeFixed(uint value, int width)
    {
        Span<char> chars = stackalloc char[width];
        for (var i = width - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value % 62)];
            value /= 62;
        }
        return new string(chars);
    }
}
