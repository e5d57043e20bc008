using Switchboard.Sip.Auth;

namespace Switchboard.Sip.Tests.Auth;

internal sealed class InMemoryCredentialStore : ISipCredentialStore
{
    private readonly Dictionary<(string User, string Realm), SipCredential> _credentials = [];

    public int Lookups { get; private set; }

    public InMemoryCredentialStore Add(string user, string realm, SipCredential credential)
    {
        _credentials[(user, realm)] = credential;
        return this;
    }

    public ValueTask<SipCredential?> FindAsync(string username, string realm, CancellationToken cancellationToken)
    {
        Lookups++;
        return ValueTask.FromResult(_credentials.GetValueOrDefault((username, realm)));
    }
}
