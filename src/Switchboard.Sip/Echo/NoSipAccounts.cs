using Switchboard.Sip.Auth;

namespace Switchboard.Sip.Echo;

/// <summary>A credential store without accounts: with an allow-list, only trusted sources get past the challenge.</summary>
internal sealed class NoSipAccounts : ISipCredentialStore
{
    public ValueTask<SipCredential?> FindAsync(string username, string realm, CancellationToken cancellationToken) => ValueTask.FromResult<SipCredential?>(null);
}
