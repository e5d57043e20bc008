using Switchboard.ControlPlane.Common;

namespace Switchboard.ControlPlane.ApiKeys;

/// <summary>
/// <c>sb_live_</c> + 30 random base62 characters + 6 base62 characters of the CRC-32 of everything before them.
/// The checksum lets a mistyped or truncated key be refused without touching the database.
/// </summary>
internal static class ApiKeyFormat
{
    public const string KeyPrefix = "sb_live_";
    public const int RandomLength = 30;
    public const int ChecksumLength = 6;
    public const int Length = 8 + RandomLength + ChecksumLength;

    /// <summary>Characters shown in listings to recognise a key: the prefix and the first 4 random characters.</summary>
    public const int DisplayPrefixLength = 12;

    public static string Generate()
    {
        var body = KeyPrefix + Base62.Random(RandomLength);
        return body + Checksum(body);
    }

    public static bool IsWellFormed(ReadOnlySpan<char> key)
    {
        if (key.Length != Length || !key.StartsWith(KeyPrefix, StringComparison.Ordinal)) return false;
        foreach (var c in key[KeyPrefix.Length..])
        {
            if (!Base62.IsBase62(c)) return false;
        }
        var body = key[..(Length - ChecksumLength)];
        return key[(Length - ChecksumLength)..].SequenceEqual(Checksum(body));
    }

    private static string Checksum(ReadOnlySpan<char> body) => Base62.EncodeFixed(Crc32.Compute(body), ChecksumLength);
}
