namespace Switchboard.Sip.Auth;

/// <summary>
/// The secret of one SIP account: a clear-text password, or precomputed HA1 values H(user:realm:password)
/// per hash (so the store need not keep passwords). Immutable and thread-safe.
/// </summary>
public sealed class SipCredential
{
    private SipCredential(string? password, string? md5Ha1, string? sha256Ha1)
    {
        Password = password;
        Md5Ha1 = md5Ha1;
        Sha256Ha1 = sha256Ha1;
    }

    /// <summary>The clear-text password, or null when only HA1 values are known.</summary>
    public string? Password { get; }

    /// <summary>Lower-case hex MD5 of "user:realm:password", or null.</summary>
    public string? Md5Ha1 { get; }

    /// <summary>Lower-case hex SHA-256 of "user:realm:password", or null.</summary>
    public string? Sha256Ha1 { get; }

    /// <summary>A credential holding the password.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="password"/> is null.</exception>
    public static SipCredential FromPassword(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return new SipCredential(password, null, null);
    }

    /// <summary>A credential holding precomputed HA1 values; at least one is required.</summary>
    /// <exception cref="ArgumentException">Both are null, or one is not hex of the right length.</exception>
    public static SipCredential FromHa1(string? md5Ha1, string? sha256Ha1)
    {
        if (md5Ha1 is null && sha256Ha1 is null)
        {
            throw new ArgumentException("At least one HA1 value is required.", nameof(md5Ha1));
        }

        return new SipCredential(null, Normalize(md5Ha1, 32, nameof(md5Ha1)), Normalize(sha256Ha1, 64, nameof(sha256Ha1)));
    }

    /// <summary>Base HA1 for <paramref name="algorithm"/>, or null when this credential cannot serve it.</summary>
    internal string? BaseHa1(DigestAlgorithm algorithm, string username, string realm)
    {
        if (Password is not null)
        {
            return DigestCalculator.BaseHa1(algorithm, username, realm, Password);
        }

        return DigestAlgorithmNames.IsSha256(algorithm) ? Sha256Ha1 : Md5Ha1;
    }

    private static string? Normalize(string? hex, int length, string name)
    {
        if (hex is null)
        {
            return null;
        }

        if (hex.Length != length || !hex.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"HA1 must be {length} hex digits.", name);
        }

        return hex.ToLowerInvariant();
    }
}
