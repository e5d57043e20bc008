using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Switchboard.Sip.Auth;

/// <summary>
/// Server side of SIP digest authentication (RFC 3261 §22, RFC 7616, RFC 8760): issues challenges with
/// stateless HMAC nonces, verifies credentials against an <see cref="ISipCredentialStore"/> in constant time,
/// rejects replayed nonce-counts and lets allow-listed addresses through. Unknown users and wrong passwords
/// get identical answers after identical work, so extensions cannot be enumerated.
/// Thread-safe: one instance serves every request of the process.
/// </summary>
public sealed class SipDigestAuthenticator
{
    private readonly SipDigestAuthenticatorOptions _options;
    private readonly ISipCredentialStore _store;
    private readonly TimeProvider _time;
    private readonly DigestNonceCodec _nonces;
    private readonly NonceCountTracker _counts;
    private readonly string _opaque;
    private readonly string _dummyPassword;

    /// <summary>Creates the authenticator.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SipDigestAuthenticator(SipDigestAuthenticatorOptions options, ISipCredentialStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _options = options;
        _store = store;
        _time = time;
        _nonces = new DigestNonceCodec([.. options.NonceSecret], time, options.NonceLifetime);
        _counts = new NonceCountTracker(options.MaxTrackedNonces);
        _opaque = _nonces.Opaque(options.Realm);
        _dummyPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    }

    /// <summary>Fresh challenges, one per configured algorithm in order (SHA-256 first by default).</summary>
    public IReadOnlyList<DigestChallenge> CreateChallenges(bool stale = false)
    {
        string nonce = _nonces.Create(_options.Realm);
        var challenges = new DigestChallenge[_options.Algorithms.Count];
        for (int i = 0; i < challenges.Length; i++)
        {
            // One nonce for all algorithms: the client answers only one of them.
            challenges[i] = new DigestChallenge(_options.Realm, nonce, _options.Algorithms[i], _opaque, ["auth"], stale);
        }

        return challenges;
    }

    /// <summary>
    /// Decides whether a request may proceed.
    /// </summary>
    /// <param name="credentialsHeaderValue">The Authorization (or Proxy-Authorization) value for our realm, or null when absent.</param>
    /// <param name="method">The request method, e.g. "REGISTER" (part of the digest).</param>
    /// <param name="remoteAddress">The packet's source address, for the allow-list; null to skip that check.</param>
    /// <param name="cancellationToken">Cancels the credential-store lookup.</param>
    /// <exception cref="ArgumentException"><paramref name="method"/> is null or empty.</exception>
    public async ValueTask<DigestAuthResult> AuthenticateAsync(
        string? credentialsHeaderValue,
        string method,
        IPAddress? remoteAddress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        if (_options.AllowList.Contains(remoteAddress))
        {
            return Result(DigestAuthOutcome.TrustedAddress, DigestFailureReason.None, null);
        }

        if (string.IsNullOrWhiteSpace(credentialsHeaderValue))
        {
            return Challenge(DigestFailureReason.MissingCredentials, stale: false);
        }

        DigestCredentials credentials;
        try
        {
            credentials = DigestCredentials.Parse(credentialsHeaderValue);
        }
        catch (DigestParseException)
        {
            return Result(DigestAuthOutcome.BadRequest, DigestFailureReason.Malformed, null);
        }

        if (!string.Equals(credentials.Realm, _options.Realm, StringComparison.Ordinal)
            || credentials.Algorithm is not DigestAlgorithm algorithm
            || !_options.Algorithms.Contains(algorithm)
            || !string.Equals(credentials.Qop, "auth", StringComparison.OrdinalIgnoreCase)
            || (credentials.Opaque is not null && !string.Equals(credentials.Opaque, _opaque, StringComparison.Ordinal)))
        {
            return Challenge(DigestFailureReason.NotOffered, stale: false);
        }

        DigestNonceStatus nonceStatus = _nonces.Validate(credentials.Nonce, _options.Realm, out DateTimeOffset issuedAt);
        if (nonceStatus == DigestNonceStatus.Invalid)
        {
            return Challenge(DigestFailureReason.InvalidNonce, stale: false);
        }

        SipCredential? stored = await _store.FindAsync(credentials.Username, _options.Realm, cancellationToken).ConfigureAwait(false);
        if (!ResponseMatches(credentials, algorithm, method, stored))
        {
            return Challenge(DigestFailureReason.BadCredentials, stale: false);
        }

        // Only a correct response earns stale=true (RFC 7616 §3.3): the client may then retry silently.
        if (nonceStatus == DigestNonceStatus.Stale)
        {
            return Challenge(DigestFailureReason.StaleNonce, stale: true);
        }

        DateTimeOffset now = _time.GetUtcNow();
        NonceCountResult count = _counts.Register(credentials.Nonce, credentials.NonceCount!.Value, issuedAt, _nonces.ExpiresAt(issuedAt), now);
        return count switch
        {
            NonceCountResult.Accepted => Result(DigestAuthOutcome.Authenticated, DigestFailureReason.None, credentials.Username),
            NonceCountResult.Forgotten => Challenge(DigestFailureReason.StaleNonce, stale: true),
            _ => Challenge(DigestFailureReason.Replay, stale: false),
        };
    }

    private bool ResponseMatches(DigestCredentials credentials, DigestAlgorithm algorithm, string method, SipCredential? stored)
    {
        // Every path hashes exactly one HA1 (password, dummy for HA1 stores, dummy for unknown users), so the
        // work — and so the timing — does not tell an unknown extension from a wrong password.
        string? baseHa1;
        string dummyHa1 = string.Empty;
        if (stored is { Password: not null })
        {
            baseHa1 = stored.BaseHa1(algorithm, credentials.Username, _options.Realm);
        }
        else
        {
            dummyHa1 = DigestCalculator.BaseHa1(algorithm, credentials.Username, _options.Realm, _dummyPassword);
            baseHa1 = stored?.BaseHa1(algorithm, credentials.Username, _options.Realm);
        }

        bool known = baseHa1 is not null;
        string ha1 = DigestCalculator.SessionHa1(algorithm, baseHa1 ?? dummyHa1, credentials.Nonce, credentials.Cnonce);
        string expected = DigestCalculator.Response(
            algorithm,
            ha1,
            credentials.Nonce,
            method,
            credentials.Uri,
            credentials.Qop,
            credentials.Cnonce,
            credentials.NonceCountText,
            default);

        bool equal = FixedTimeEqualsIgnoreCase(expected, credentials.Response);
        return equal & known;
    }

    private static bool FixedTimeEqualsIgnoreCase(string expectedLowerHex, string received)
    {
        Span<byte> a = stackalloc byte[64];
        Span<byte> b = stackalloc byte[64];
        if (received.Length != expectedLowerHex.Length || received.Length > 64)
        {
            return false;
        }

        Encoding.ASCII.GetBytes(expectedLowerHex, a);
        for (int i = 0; i < received.Length; i++)
        {
            // Branch-free ASCII lower-casing keeps the comparison's timing independent of the received value.
            char c = received[i];
            b[i] = (byte)(c | (c is >= 'A' and <= 'Z' ? 0x20 : 0));
        }

        return CryptographicOperations.FixedTimeEquals(a[..received.Length], b[..received.Length]);
    }

    private DigestAuthResult Challenge(DigestFailureReason reason, bool stale) =>
        new(DigestAuthOutcome.Challenge, reason, null, CreateChallenges(stale), _options.UseProxyAuthentication);

    private DigestAuthResult Result(DigestAuthOutcome outcome, DigestFailureReason reason, string? username) =>
        new(outcome, reason, username, [], _options.UseProxyAuthentication);
}
