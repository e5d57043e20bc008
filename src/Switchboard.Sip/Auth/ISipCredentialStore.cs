namespace Switchboard.Sip.Auth;

/// <summary>
/// Looks up the secret of a SIP account for digest verification. Implementations must be thread-safe:
/// <see cref="SipDigestAuthenticator"/> calls them concurrently for many requests.
/// </summary>
public interface ISipCredentialStore
{
    /// <summary>
    /// Returns the credential of <paramref name="username"/> in <paramref name="realm"/>, or null when there is
    /// no such account. The caller does not reveal which of the two happened to the client.
    /// </summary>
    ValueTask<SipCredential?> FindAsync(string username, string realm, CancellationToken cancellationToken);
}
