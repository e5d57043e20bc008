using System.Globalization;

namespace Switchboard.Sip.Auth;

/// <summary>
/// Digest credentials as carried in <c>Authorization</c> or <c>Proxy-Authorization</c> (RFC 3261 §22.4,
/// RFC 7616 §3.4). Immutable and thread-safe.
/// </summary>
public sealed class DigestCredentials
{
    /// <summary>Creates credentials; used by <see cref="SipDigestClient"/> and tests.</summary>
    /// <exception cref="ArgumentException">A required value is empty or a value contains CR/LF/NUL.</exception>
    public DigestCredentials(
        string username,
        string realm,
        string nonce,
        string uri,
        string response,
        string algorithmName = "MD5",
        string? qop = null,
        string? cnonce = null,
        uint? nonceCount = null,
        string? opaque = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentNullException.ThrowIfNull(realm);
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        ArgumentException.ThrowIfNullOrEmpty(uri);
        ArgumentException.ThrowIfNullOrEmpty(response);
        ArgumentException.ThrowIfNullOrEmpty(algorithmName);
        foreach ((string? value, string name) in new[] { (username, nameof(username)), (realm, nameof(realm)), (nonce, nameof(nonce)), (uri, nameof(uri)), (cnonce, nameof(cnonce)), (opaque, nameof(opaque)) })
        {
            AuthHeaderWriter.EnsureHeaderSafe(value, name);
        }

        Username = username;
        Realm = realm;
        Nonce = nonce;
        Uri = uri;
        Response = response;
        AlgorithmName = algorithmName;
        Algorithm = DigestAlgorithmNames.TryParse(algorithmName, out DigestAlgorithm parsed) ? parsed : null;
        Qop = qop;
        Cnonce = cnonce;
        NonceCount = nonceCount;
        NonceCountText = nonceCount?.ToString("x8", CultureInfo.InvariantCulture);
        Opaque = opaque;
    }

    /// <summary>User name (the SIP extension / account).</summary>
    public string Username { get; }

    /// <summary>Realm the credentials are for.</summary>
    public string Realm { get; }

    /// <summary>Nonce being answered.</summary>
    public string Nonce { get; }

    /// <summary>The digest-uri (Request-URI of the request).</summary>
    public string Uri { get; }

    /// <summary>The request-digest in hex.</summary>
    public string Response { get; }

    /// <summary>The algorithm, or null when the client named one we do not implement.</summary>
    public DigestAlgorithm? Algorithm { get; }

    /// <summary>Algorithm as written ("MD5" when absent).</summary>
    public string AlgorithmName { get; }

    /// <summary>The chosen qop ("auth"/"auth-int"), or null for RFC 2069 style.</summary>
    public string? Qop { get; }

    /// <summary>Client nonce, required with qop.</summary>
    public string? Cnonce { get; }

    /// <summary>nc: how many requests this client sent with this nonce; required with qop.</summary>
    public uint? NonceCount { get; }

    /// <summary>nc exactly as sent: the digest covers the text, and hex case varies between clients.</summary>
    internal string? NonceCountText { get; private init; }

    /// <summary>Echoed opaque value, or null.</summary>
    public string? Opaque { get; }

    /// <summary>Parses an Authorization / Proxy-Authorization value holding Digest credentials.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="headerValue"/> is null.</exception>
    /// <exception cref="DigestParseException">Malformed, not Digest, or missing a required parameter.</exception>
    public static DigestCredentials Parse(string headerValue)
    {
        ArgumentNullException.ThrowIfNull(headerValue);
        List<AuthChallengeParts> all = AuthHeaderParser.Parse(headerValue);
        if (all.Count != 1)
        {
            throw new DigestParseException($"expected one set of credentials, found {all.Count}");
        }

        AuthChallengeParts parts = all[0];
        if (!string.Equals(parts.Scheme, "Digest", StringComparison.OrdinalIgnoreCase))
        {
            throw new DigestParseException($"scheme '{parts.Scheme}' is not Digest");
        }

        Dictionary<string, string> p = parts.Parameters;
        string username = Required(p, "username");
        string realm = p.TryGetValue("realm", out string? r) ? r : throw new DigestParseException("missing 'realm'");
        string nonce = Required(p, "nonce");
        string uri = Required(p, "uri");
        string response = Required(p, "response");
        string? qop = p.GetValueOrDefault("qop");
        string? cnonce = p.GetValueOrDefault("cnonce");
        uint? nc = null;
        if (p.TryGetValue("nc", out string? ncText) && ncText is not null)
        {
            if (ncText.Length != 8 || !uint.TryParse(ncText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint parsed))
            {
                throw new DigestParseException($"nc '{ncText}' is not 8 hex digits");
            }

            nc = parsed;
        }

        if (qop is not null && (cnonce is null || cnonce.Length == 0 || nc is null))
        {
            throw new DigestParseException("qop requires cnonce and nc");
        }

        try
        {
            return new DigestCredentials(username, realm, nonce, uri, response, p.GetValueOrDefault("algorithm") ?? "MD5", qop, cnonce, nc, p.GetValueOrDefault("opaque"))
            {
                NonceCountText = ncText,
            };
        }
        catch (ArgumentException ex)
        {
            throw new DigestParseException(ex.Message);
        }
    }

    /// <summary>The header value, e.g. <c>Digest username="alice", realm="x", ..., nc=00000001</c>.</summary>
    public override string ToString() =>
        new AuthHeaderWriter("Digest")
            .Quoted("username", Username)
            .Quoted("realm", Realm)
            .Quoted("nonce", Nonce)
            .Quoted("uri", Uri)
            .Quoted("response", Response)
            .Token("algorithm", AlgorithmName)
            .Quoted("cnonce", Cnonce)
            .Quoted("opaque", Opaque)
            .Token("qop", Qop)
            .Token("nc", NonceCount?.ToString("x8", CultureInfo.InvariantCulture))
            .ToString();

    private static string Required(Dictionary<string, string> p, string name) =>
        p.TryGetValue(name, out string? value) && value.Length > 0
            ? value
            : throw new DigestParseException($"missing '{name}'");
}
