namespace Switchboard.Sip.Auth;

/// <summary>
/// A Digest challenge as carried in <c>WWW-Authenticate</c> (401) or <c>Proxy-Authenticate</c> (407)
/// (RFC 3261 §22.4, RFC 7616 §3.3). Immutable and thread-safe.
/// </summary>
public sealed class DigestChallenge
{
    /// <summary>Creates a challenge.</summary>
    /// <exception cref="ArgumentException">Realm or nonce is empty or a value contains CR/LF/NUL.</exception>
    public DigestChallenge(
        string realm,
        string nonce,
        DigestAlgorithm algorithm = DigestAlgorithm.Md5,
        string? opaque = null,
        IReadOnlyList<string>? qop = null,
        bool stale = false,
        string? domain = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(realm);
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        AuthHeaderWriter.EnsureHeaderSafe(realm, nameof(realm));
        AuthHeaderWriter.EnsureHeaderSafe(nonce, nameof(nonce));
        AuthHeaderWriter.EnsureHeaderSafe(opaque, nameof(opaque));
        AuthHeaderWriter.EnsureHeaderSafe(domain, nameof(domain));
        Realm = realm;
        Nonce = nonce;
        Algorithm = algorithm;
        AlgorithmName = DigestAlgorithmNames.ToName(algorithm);
        Opaque = opaque;
        Qop = qop ?? [];
        Stale = stale;
        Domain = domain;
    }

    private DigestChallenge(Dictionary<string, string> p, DigestAlgorithm? algorithm, string algorithmName)
    {
        Realm = p["realm"];
        Nonce = p["nonce"];
        Algorithm = algorithm;
        AlgorithmName = algorithmName;
        Opaque = p.GetValueOrDefault("opaque");
        Domain = p.GetValueOrDefault("domain");
        Stale = string.Equals(p.GetValueOrDefault("stale"), "true", StringComparison.OrdinalIgnoreCase);
        string? qop = p.GetValueOrDefault("qop");
        Qop = qop is null ? [] : qop.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Protection space name; shown to users and part of HA1.</summary>
    public string Realm { get; }

    /// <summary>Server-chosen nonce.</summary>
    public string Nonce { get; }

    /// <summary>The algorithm, or null when the server named one we do not implement (see <see cref="AlgorithmName"/>).</summary>
    public DigestAlgorithm? Algorithm { get; }

    /// <summary>The algorithm as written ("MD5" when the challenge had none).</summary>
    public string AlgorithmName { get; }

    /// <summary>Opaque value the client must echo, or null.</summary>
    public string? Opaque { get; }

    /// <summary>Offered qop values ("auth", "auth-int"); empty for RFC 2069-style challenges.</summary>
    public IReadOnlyList<string> Qop { get; }

    /// <summary>True when the previous credentials were right but the nonce had expired: retry without asking the user.</summary>
    public bool Stale { get; }

    /// <summary>The domain parameter, or null.</summary>
    public string? Domain { get; }

    /// <summary>Parses every Digest challenge in a header value; other schemes (Basic, Bearer, ...) are skipped.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="headerValue"/> is null.</exception>
    /// <exception cref="DigestParseException">The value is malformed or a Digest challenge lacks realm or nonce.</exception>
    public static IReadOnlyList<DigestChallenge> ParseAll(string headerValue)
    {
        ArgumentNullException.ThrowIfNull(headerValue);
        var challenges = new List<DigestChallenge>();
        foreach (AuthChallengeParts parts in AuthHeaderParser.Parse(headerValue))
        {
            if (!string.Equals(parts.Scheme, "Digest", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            Dictionary<string, string> p = parts.Parameters;
            if (parts.Token68 is not null)
            {
                throw new DigestParseException("a Digest challenge needs parameters, not a token68 value");
            }

            if (!p.TryGetValue("realm", out _))
            {
                throw new DigestParseException("Digest challenge without realm");
            }

            if (!p.TryGetValue("nonce", out string? nonce) || nonce.Length == 0)
            {
                throw new DigestParseException("Digest challenge without nonce");
            }

            string? name = p.GetValueOrDefault("algorithm");
            DigestAlgorithm? algorithm = DigestAlgorithmNames.TryParse(name, out DigestAlgorithm parsed) ? parsed : null;
            challenges.Add(new DigestChallenge(p, algorithm, name ?? "MD5"));
        }

        return challenges;
    }

    /// <summary>Parses a header value that must hold exactly one Digest challenge.</summary>
    /// <exception cref="DigestParseException">Malformed, or not exactly one Digest challenge.</exception>
    public static DigestChallenge Parse(string headerValue)
    {
        IReadOnlyList<DigestChallenge> all = ParseAll(headerValue);
        return all.Count == 1 ? all[0] : throw new DigestParseException($"expected one Digest challenge, found {all.Count}");
    }

    /// <summary>The header value, e.g. <c>Digest realm="x", nonce="y", algorithm=SHA-256, qop="auth"</c>.</summary>
    public override string ToString() =>
        new AuthHeaderWriter("Digest")
            .Quoted("realm", Realm)
            .Quoted("domain", Domain)
            .Quoted("nonce", Nonce)
            .Quoted("opaque", Opaque)
            .Token("stale", Stale ? "true" : null)
            .Token("algorithm", AlgorithmName)
            .Quoted("qop", Qop.Count > 0 ? string.Join(',', Qop) : null)
            .ToString();
}
