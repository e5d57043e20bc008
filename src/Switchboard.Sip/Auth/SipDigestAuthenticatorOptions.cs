namespace Switchboard.Sip.Auth;

/// <summary>
/// Settings of <see cref="SipDigestAuthenticator"/>. Set once at start; <see cref="Validate"/> is called by the
/// authenticator's constructor. Treat as immutable afterwards.
/// </summary>
public sealed class SipDigestAuthenticatorOptions
{
    /// <summary>The realm we challenge with (usually the SIP domain).</summary>
    public string Realm { get; init; } = "switchboard";

    /// <summary>HMAC key for nonces, at least 32 bytes; share it between nodes so any node accepts any nonce.</summary>
    public byte[] NonceSecret { get; init; } = [];

    /// <summary>How long a nonce stays valid; afterwards the client gets stale=true and retries.</summary>
    public TimeSpan NonceLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Algorithms to challenge with, strongest first; one challenge each (RFC 8760 §2.4).</summary>
    public IList<DigestAlgorithm> Algorithms { get; init; } = [DigestAlgorithm.Sha256, DigestAlgorithm.Md5];

    /// <summary>Nonces whose nonce-count is tracked for replay protection (per process).</summary>
    public int MaxTrackedNonces { get; init; } = 100_000;

    /// <summary>Peers trusted without a challenge.</summary>
    public IpAllowList AllowList { get; init; } = IpAllowList.Empty;

    /// <summary>True for a proxy/registrar that challenges with 407 and Proxy-Authenticate instead of 401.</summary>
    public bool UseProxyAuthentication { get; init; }

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        if (string.IsNullOrEmpty(Realm) || Realm.AsSpan().ContainsAny('\r', '\n', '\0'))
        {
            throw new ArgumentException("Realm must be non-empty text on one line.", nameof(Realm));
        }

        if (NonceSecret is null || NonceSecret.Length < 32)
        {
            throw new ArgumentException("NonceSecret must be at least 32 bytes.", nameof(NonceSecret));
        }

        if (NonceLifetime <= TimeSpan.Zero || NonceLifetime > TimeSpan.FromDays(1))
        {
            throw new ArgumentException("NonceLifetime must be positive and at most one day.", nameof(NonceLifetime));
        }

        if (Algorithms is null || Algorithms.Count == 0 || Algorithms.Distinct().Count() != Algorithms.Count)
        {
            throw new ArgumentException("Algorithms must list at least one algorithm, without duplicates.", nameof(Algorithms));
        }

        foreach (DigestAlgorithm algorithm in Algorithms)
        {
            if (!Enum.IsDefined(algorithm))
            {
                throw new ArgumentException($"Unknown algorithm {algorithm}.", nameof(Algorithms));
            }
        }

        if (MaxTrackedNonces is < 16 or > 10_000_000)
        {
            throw new ArgumentException("MaxTrackedNonces must be within 16-10,000,000.", nameof(MaxTrackedNonces));
        }

        ArgumentNullException.ThrowIfNull(AllowList);
    }
}
