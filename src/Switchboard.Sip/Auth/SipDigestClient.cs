using System.Globalization;
using System.Security.Cryptography;

namespace Switchboard.Sip.Auth;

/// <summary>
/// Client side of SIP digest authentication for one account (e.g. our registration to a trunk): answers a
/// 401/407 challenge with the strongest algorithm offered, a random cnonce, and a nonce-count that increases
/// per nonce across requests. Thread-safe.
/// </summary>
public sealed class SipDigestClient
{
    private const int MaxRememberedNonces = 64;

    private readonly string _username;
    private readonly string _password;
    private readonly Dictionary<string, uint> _counts = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Creates the client for <paramref name="username"/> / <paramref name="password"/>.</summary>
    /// <exception cref="ArgumentException">Username is empty or a value contains CR/LF/NUL.</exception>
    public SipDigestClient(string username, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentNullException.ThrowIfNull(password);
        AuthHeaderWriter.EnsureHeaderSafe(username, nameof(username));
        _username = username;
        _password = password;
    }

    /// <summary>Answers the challenges in one or more WWW-/Proxy-Authenticate header values.</summary>
    /// <exception cref="DigestParseException">A header value is malformed.</exception>
    /// <exception cref="ArgumentException">No challenge uses an algorithm and qop we support.</exception>
    public DigestCredentials Respond(IEnumerable<string> challengeHeaderValues, string method, string uri, ReadOnlySpan<byte> body = default)
    {
        ArgumentNullException.ThrowIfNull(challengeHeaderValues);
        var challenges = new List<DigestChallenge>();
        foreach (string value in challengeHeaderValues)
        {
            challenges.AddRange(DigestChallenge.ParseAll(value));
        }

        return Respond(challenges, method, uri, body);
    }

    /// <summary>
    /// Builds credentials for the strongest supported challenge: SHA-256 over SHA-256-sess over MD5 over MD5-sess;
    /// qop=auth when offered, auth-int (hashing <paramref name="body"/>) when only that is offered, RFC 2069 style
    /// when the challenge has no qop.
    /// </summary>
    /// <param name="challenges">Parsed challenges from the 401/407.</param>
    /// <param name="method">Request method of the request being retried ("REGISTER", "INVITE", ...).</param>
    /// <param name="uri">Its Request-URI, exactly as it will be sent.</param>
    /// <param name="body">Its body; used only for auth-int.</param>
    /// <exception cref="ArgumentException">An argument is empty, or no challenge is usable.</exception>
    public DigestCredentials Respond(IReadOnlyList<DigestChallenge> challenges, string method, string uri, ReadOnlySpan<byte> body = default)
    {
        ArgumentNullException.ThrowIfNull(challenges);
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(uri);
        AuthHeaderWriter.EnsureHeaderSafe(uri, nameof(uri));

        DigestChallenge? best = null;
        string? bestQop = null;
        foreach (DigestChallenge challenge in challenges)
        {
            if (challenge.Algorithm is not DigestAlgorithm algorithm || !TryChooseQop(challenge, out string? qop))
            {
                continue;
            }

            if (best is null || DigestAlgorithmNames.Strength(algorithm) > DigestAlgorithmNames.Strength(best.Algorithm!.Value))
            {
                best = challenge;
                bestQop = qop;
            }
        }

        if (best is null)
        {
            throw new ArgumentException("None of the challenges uses a supported digest algorithm and qop.", nameof(challenges));
        }

        DigestAlgorithm chosen = best.Algorithm!.Value;
        string? cnonce = null;
        uint? nc = null;
        if (bestQop is not null || DigestAlgorithmNames.IsSession(chosen))
        {
            cnonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        }

        if (bestQop is not null)
        {
            nc = NextCount(best.Nonce);
        }

        return Build(best, chosen, bestQop, cnonce, nc, method, uri, body);
    }

    /// <summary>Computes credentials with caller-chosen cnonce and nc (for tests against published vectors).</summary>
    internal DigestCredentials Build(
        DigestChallenge challenge, DigestAlgorithm algorithm, string? qop, string? cnonce, uint? nc, string method, string uri, ReadOnlySpan<byte> body)
    {
        string baseHa1 = DigestCalculator.BaseHa1(algorithm, _username, challenge.Realm, _password);
        string ha1 = DigestCalculator.SessionHa1(algorithm, baseHa1, challenge.Nonce, cnonce);
        string response = DigestCalculator.Response(
            algorithm, ha1, challenge.Nonce, method, uri, qop, cnonce, nc?.ToString("x8", CultureInfo.InvariantCulture), body);
        return new DigestCredentials(
            _username, challenge.Realm, challenge.Nonce, uri, response, challenge.AlgorithmName, qop, cnonce, nc, challenge.Opaque);
    }

    private static bool TryChooseQop(DigestChallenge challenge, out string? qop)
    {
        if (challenge.Qop.Count == 0)
        {
            qop = null;
            return true;
        }

        foreach (string offered in challenge.Qop)
        {
            if (string.Equals(offered, "auth", StringComparison.OrdinalIgnoreCase))
            {
                qop = "auth";
                return true;
            }
        }

        foreach (string offered in challenge.Qop)
        {
            if (string.Equals(offered, "auth-int", StringComparison.OrdinalIgnoreCase))
            {
                qop = "auth-int";
                return true;
            }
        }

        qop = null;
        return false;
    }

    private uint NextCount(string nonce)
    {
        lock (_lock)
        {
            if (!_counts.TryGetValue(nonce, out uint count) && _counts.Count >= MaxRememberedNonces)
            {
                // Servers rotate nonces; old ones are never reused, so forgetting them all is safe and bounded.
                _counts.Clear();
            }

            count++;
            _counts[nonce] = count;
            return count;
        }
    }
}
