using Switchboard.Sip.Auth;

namespace Switchboard.ControlPlane.Telephony;

/// <summary>The SIP accounts of <see cref="SipGatewayOptions.Users"/>. Immutable after construction; thread-safe.</summary>
internal sealed class ConfiguredSipCredentials(SipGatewayOptions options) : ISipCredentialStore
{
    private readonly Dictionary<string, SipCredential> _users = options.Users.ToDictionary(u => u.Key, u => SipCredential.FromPassword(u.Value), StringComparer.Ordinal);
    private readonly string _realm = options.AuthRealm;

    public ValueTask<SipCredential?> FindAsync(string username, string realm, CancellationToken cancellationToken) =>
        ValueTask.FromResult(realm == _realm ? _users.GetValueOrDefault(username) : null);
}
