using System.Security.Cryptography;
using System.Text;

namespace Switchboard.Sip.Auth;

/// <summary>Wire names, strength order and hashing for <see cref="DigestAlgorithm"/>.</summary>
internal static class DigestAlgorithmNames
{
    public static string ToName(DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Md5 => "MD5",
        DigestAlgorithm.Md5Sess => "MD5-sess",
        DigestAlgorithm.Sha256 => "SHA-256",
        DigestAlgorithm.Sha256Sess => "SHA-256-sess",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown digest algorithm."),
    };

    /// <summary>Parses a wire name case-insensitively; an absent name means MD5 (RFC 2617 §3.2.1).</summary>
    public static bool TryParse(string? name, out DigestAlgorithm algorithm)
    {
        switch (name?.ToUpperInvariant())
        {
            case null or "MD5": algorithm = DigestAlgorithm.Md5; return true;
            case "MD5-SESS": algorithm = DigestAlgorithm.Md5Sess; return true;
            case "SHA-256": algorithm = DigestAlgorithm.Sha256; return true;
            case "SHA-256-SESS": algorithm = DigestAlgorithm.Sha256Sess; return true;
            default: algorithm = default; return false;
        }
    }

    /// <summary>Higher is stronger; a client picks the strongest challenge it understands.</summary>
    public static int Strength(DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Sha256 => 4,
        DigestAlgorithm.Sha256Sess => 3,
        DigestAlgorithm.Md5 => 2,
        _ => 1,
    };

    public static bool IsSession(DigestAlgorithm algorithm) =>
        algorithm is DigestAlgorithm.Md5Sess or DigestAlgorithm.Sha256Sess;

    public static bool IsSha256(DigestAlgorithm algorithm) =>
        algorithm is DigestAlgorithm.Sha256 or DigestAlgorithm.Sha256Sess;

    /// <summary>Lower-case hex digest of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static string Hash(DigestAlgorithm algorithm, string text) =>
        Hash(algorithm, Encoding.UTF8.GetBytes(text));

    public static string Hash(DigestAlgorithm algorithm, ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[32];
        int written = IsSha256(algorithm) ? SHA256.HashData(data, digest) :
#pragma warning disable CA5351 // MD5 is mandated by RFC 2617/8760 interop, not chosen for security.
            MD5.HashData(data, digest);
#pragma warning restore CA5351
        return Convert.ToHexStringLower(digest[..written]);
    }
}
