namespace Switchboard.Sip.Auth;

/// <summary>
/// Verdict of <see cref="SipDigestAuthenticator.AuthenticateAsync"/>. Immutable and thread-safe.
/// </summary>
public sealed class DigestAuthResult
{
    internal DigestAuthResult(
        DigestAuthOutcome outcome,
        DigestFailureReason reason,
        string? username,
        IReadOnlyList<DigestChallenge> challenges,
        bool proxy)
    {
        Outcome = outcome;
        FailureReason = reason;
        Username = username;
        Challenges = challenges;
        IsProxy = proxy;
    }

    /// <summary>What to do with the request.</summary>
    public DigestAuthOutcome Outcome { get; }

    /// <summary>Diagnostic reason (do not disclose to the client).</summary>
    public DigestFailureReason FailureReason { get; }

    /// <summary>The authenticated user, or null unless <see cref="Outcome"/> is Authenticated.</summary>
    public string? Username { get; }

    /// <summary>Challenges to send, one header each, in order (SHA-256 first); empty unless Outcome is Challenge.</summary>
    public IReadOnlyList<DigestChallenge> Challenges { get; }

    /// <summary>True when the request may proceed.</summary>
    public bool IsAllowed => Outcome is DigestAuthOutcome.Authenticated or DigestAuthOutcome.TrustedAddress;

    /// <summary>SIP status to reply with when not allowed: 401, 407 or 400; 0 when allowed.</summary>
    public int StatusCode => Outcome switch
    {
        DigestAuthOutcome.Challenge => IsProxy ? 407 : 401,
        DigestAuthOutcome.BadRequest => 400,
        _ => 0,
    };

    /// <summary>Header that carries <see cref="Challenges"/>: WWW-Authenticate or Proxy-Authenticate.</summary>
    public string ChallengeHeaderName => IsProxy ? "Proxy-Authenticate" : "WWW-Authenticate";

    private bool IsProxy { get; }
}
