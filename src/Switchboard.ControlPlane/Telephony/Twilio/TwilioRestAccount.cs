using System.Net.Http.Headers;
using System.Text;
using Switchboard.Realtime.Transports.Twilio;

namespace Switchboard.ControlPlane.Telephony.Twilio;

/// <summary>
/// Where and as whom to call a Twilio-shaped REST API (Twilio's own, or SignalWire's Compatibility API) for one stream's
/// call. Holds the secret: never log it. Immutable.
/// </summary>
internal sealed record TwilioRestAccount(string Vendor, string Root, string Account, string Secret)
{
    /// <summary>The account for <paramref name="dialect"/>'s REST calls, or null and why (a missing setting or stream field).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dialect"/> is not Twilio or SignalWire.</exception>
    public static TwilioRestAccount? Resolve(MediaStreamDialect dialect, TwilioTelephonyOptions settings, MediaStreamStart start, out string? problem)
    {
        string vendor, root, secret;
        string? account;
        switch (dialect)
        {
            case MediaStreamDialect.Twilio:
                if (string.IsNullOrEmpty(settings.AuthToken))
                {
                    problem = $"Twilio transfers need {TwilioTelephonyOptions.Section}:AuthToken.";
                    return null;
                }
                (vendor, root, account, secret) = ("Twilio", settings.ApiBaseUrl.TrimEnd('/'), Either(settings.AccountSid, start.AccountId), settings.AuthToken);
                break;
            case MediaStreamDialect.SignalWire:
                if (settings.SignalWireRestRoot() is not { } laml || string.IsNullOrEmpty(settings.SignalWireApiToken))
                {
                    problem = $"SignalWire transfers need {TwilioTelephonyOptions.Section}:SignalWireSpaceUrl and SignalWireApiToken.";
                    return null;
                }
                (vendor, root, account, secret) = ("SignalWire", laml, Either(settings.SignalWireProjectId, start.AccountId), settings.SignalWireApiToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "Only Twilio and SignalWire speak Twilio's REST API.");
        }
        if (string.IsNullOrEmpty(account) || string.IsNullOrEmpty(start.CallId))
        {
            problem = $"The stream named no {vendor} account or call to transfer.";
            return null;
        }
        problem = null;
        return new TwilioRestAccount(vendor, root, account, secret);
    }

    /// <summary><c>…/Calls.json</c>: creating calls.</summary>
    public string CallsUrl => $"{Root}/2010-04-01/Accounts/{Uri.EscapeDataString(Account)}/Calls.json";

    /// <summary><c>…/Calls/{sid}.json</c>: reading or updating one call.</summary>
    public string CallUrl(string callSid) => $"{Root}/2010-04-01/Accounts/{Uri.EscapeDataString(Account)}/Calls/{Uri.EscapeDataString(callSid)}.json";

    /// <summary>A request to this account's API with HTTP Basic auth (account : secret).</summary>
    public HttpRequestMessage Request(HttpMethod method, string url, IEnumerable<KeyValuePair<string, string>>? form = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (form is not null) request.Content = new FormUrlEncodedContent(form);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Account}:{Secret}")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    // A record prints its members: keep the secret out of ToString (logs, debugger displays, exception messages).
    public override string ToString() => $"{Vendor} account {Account} at {Root}";

    private static string? Either(string? configured, string? fromStream) => string.IsNullOrEmpty(configured) ? fromStream : configured;
}
