using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.Options;
using Switchboard.Realtime.Transports;
using Switchboard.Realtime.Transports.Twilio;

namespace Switchboard.ControlPlane.Telephony.Twilio;

/// <summary>
/// Transfers a Twilio call, which a media stream cannot do by itself: updates the live call through Twilio's REST API
/// (<c>POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json</c> with new TwiML that dials the target). Twilio then
/// stops our stream and connects the caller. Needs <see cref="TwilioTelephonyOptions.AuthToken"/>. Thread-safe.
/// </summary>
internal sealed partial class TwilioCallRedirector(IHttpClientFactory clients, IOptions<TwilioTelephonyOptions> options)
{
    public const string ClientName = "twilio-rest";

    /// <summary>Whether transfers can be attempted at all (an auth token is configured).</summary>
    public bool IsConfigured => !string.IsNullOrEmpty(options.Value.AuthToken);

    public async ValueTask<TransferOutcome> TransferAsync(string target, MediaStreamStart start, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var account = string.IsNullOrEmpty(settings.AccountSid) ? start.AccountId : settings.AccountSid;
        if (string.IsNullOrEmpty(settings.AuthToken)) return new TransferOutcome(false, "Twilio transfers need Telephony:Twilio:AuthToken.");
        if (string.IsNullOrEmpty(account) || string.IsNullOrEmpty(start.CallId))
            return new TransferOutcome(false, "The stream named no Twilio account or call to transfer.");
        var dial = target.Trim();
        XElement destination;
        if (PhoneNumber().IsMatch(dial)) destination = new XElement("Number", dial);
        else if (dial.StartsWith("sip:", StringComparison.OrdinalIgnoreCase)) destination = new XElement("Sip", dial);
        else return new TransferOutcome(false, $"'{target}' is neither a phone number nor a SIP URI.");
        var twiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + new XElement("Response", new XElement("Dial", destination)).ToString(SaveOptions.DisableFormatting);

        var url = $"{settings.ApiBaseUrl.TrimEnd('/')}/2010-04-01/Accounts/{Uri.EscapeDataString(account)}/Calls/{Uri.EscapeDataString(start.CallId)}.json";
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent([new("Twiml", twiml)]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{account}:{settings.AuthToken}")));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? new TransferOutcome(true, "redirected by the Twilio REST API")
                : new TransferOutcome(false, $"the Twilio REST API answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (HttpRequestException e)
        {
            return new TransferOutcome(false, $"the Twilio REST API could not be reached: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new TransferOutcome(false, "the Twilio REST API did not answer in time");
        }
    }

    [GeneratedRegex(@"^\+?[0-9]{3,20}$")]
    private static partial Regex PhoneNumber();
}
