namespace Switchboard.Sip.Auth;

/// <summary>The request-digest computation of RFC 2617 §3.2.2 / RFC 7616 §3.4.1.</summary>
internal static class DigestCalculator
{
    /// <summary>H(username:realm:password): what a credential store may hold instead of the password.</summary>
    public static string BaseHa1(DigestAlgorithm algorithm, string username, string realm, string password) =>
        DigestAlgorithmNames.Hash(algorithm, $"{username}:{realm}:{password}");

    /// <summary>HA1 for the request: the base HA1, or for -sess algorithms H(baseHA1:nonce:cnonce).</summary>
    public static string SessionHa1(DigestAlgorithm algorithm, string baseHa1, string nonce, string? cnonce) =>
        DigestAlgorithmNames.IsSession(algorithm)
            ? DigestAlgorithmNames.Hash(algorithm, $"{baseHa1}:{nonce}:{cnonce}")
            : baseHa1;

    public static string Response(
        DigestAlgorithm algorithm,
        string ha1,
        string nonce,
        string method,
        string uri,
        string? qop,
        string? cnonce,
        string? nonceCount,
        ReadOnlySpan<byte> body)
    {
        string ha2 = string.Equals(qop, "auth-int", StringComparison.OrdinalIgnoreCase)
            ? DigestAlgorithmNames.Hash(algorithm, $"{method}:{uri}:{DigestAlgorithmNames.Hash(algorithm, body)}")
            : DigestAlgorithmNames.Hash(algorithm, $"{method}:{uri}");
        return qop is null
            ? DigestAlgorithmNames.Hash(algorithm, $"{ha1}:{nonce}:{ha2}")
            : DigestAlgorithmNames.Hash(algorithm, $"{ha1}:{nonce}:{nonceCount}:{cnonce}:{qop}:{ha2}");
    }
}
