using Switchboard.Sip.Auth;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Security;
using Switchboard.Sip.Transactions;

namespace Switchboard.Sip.Dialogs;

/// <summary>
/// The endpoint's optional request security, applied in the order a request meets it: the flood guard and the scanner
/// filter (drop without an answer), then digest authentication of new INVITEs and REGISTERs. Thread-safe: holds only
/// the thread-safe guard, filter and authenticator from <see cref="SipCallEndpointOptions"/>.
/// </summary>
internal sealed class SipRequestScreen(SipCallEndpointOptions options)
{
    private const string UserAgent = "User-Agent";

    private readonly SipFloodGuard? _flood = options.FloodGuard;
    private readonly SipScannerFilter? _scanners = options.ScannerFilter;
    private readonly SipDigestAuthenticator? _authenticator = options.Authenticator;

    public bool AuthenticationEnabled => _authenticator is not null;

    /// <summary>False when the request must be dropped unanswered.</summary>
    public bool Admit(SipServerTransaction tx)
    {
        if (_flood is not null && !_flood.TryAdmit(tx.Remote.Address))
        {
            return false;
        }

        return _scanners is null || !_scanners.IsScanner(tx.Request.Headers.GetFirstValue(UserAgent));
    }

    /// <summary>
    /// Authenticates a new INVITE or a REGISTER. When it may not proceed, the challenge (401/407) or 400 has been sent
    /// and the result says so; null when authentication is off.
    /// </summary>
    public async ValueTask<DigestAuthResult?> AuthenticateAsync(SipServerTransaction tx, CancellationToken cancellationToken)
    {
        if (_authenticator is null)
        {
            return null;
        }

        SipRequest request = tx.Request;
        string? credentials = request.Headers.GetFirstValue(SipHeaderNames.Authorization) ?? request.Headers.GetFirstValue(SipHeaderNames.ProxyAuthorization);
        DigestAuthResult result = await _authenticator.AuthenticateAsync(credentials, request.Method, tx.Remote.Address, cancellationToken).ConfigureAwait(false);
        if (!result.IsAllowed)
        {
            // Unknown user, wrong password and no credentials all get this same answer, only the nonce differs.
            SipResponse response = tx.CreateResponse(result.StatusCode);
            foreach (DigestChallenge challenge in result.Challenges)
            {
                response.Headers.Add(result.ChallengeHeaderName, challenge.ToString());
            }

            await tx.SendResponseAsync(response, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }
}
