namespace Switchboard.Sip.Auth;

/// <summary>
/// Why a request was not authenticated, for logs and metrics only — never send it to the client. Unknown user
/// and wrong password are deliberately the same value.
/// </summary>
public enum DigestFailureReason
{
    /// <summary>Authenticated or trusted.</summary>
    None,

    /// <summary>No credentials were sent (the normal first request).</summary>
    MissingCredentials,

    /// <summary>The header could not be parsed or lacked required parameters.</summary>
    Malformed,

    /// <summary>Credentials for another realm, scheme or an algorithm/qop we did not offer.</summary>
    NotOffered,

    /// <summary>The nonce was not issued by us (or by a node sharing the secret).</summary>
    InvalidNonce,

    /// <summary>Valid credentials on an expired or forgotten nonce; the challenge carries stale=true.</summary>
    StaleNonce,

    /// <summary>Unknown user or wrong password.</summary>
    BadCredentials,

    /// <summary>A nonce-count that was already used with this nonce.</summary>
    Replay,
}
