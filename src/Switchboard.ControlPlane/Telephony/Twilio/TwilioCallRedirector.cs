using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.Options;
using Switchboard.Realtime.Transports;
using Switchboard.Realtime.Transports.Twilio;

namespace Switchboard.ControlPlane.Telephony.Twilio;

/// <summary>
/// Transfers a Twilio or SignalWire call, which a media stream cannot do by itself: updates the live call through the
/// vendor's Twilio-shaped REST API (<c>POST …/2010-04-01/Accounts/{Account}/Calls/{CallSid}.json</c> with new TwiML
/// that dials the target). The vendor then stops our stream and connects the caller. Twilio needs
/// <see cref="TwilioTelephonyOptions.AuthToken"/>; SignalWire (its Compatibility API under <c>/api/laml</c>) needs
/// <see cref="TwilioTelephonyOptions.SignalWireSpaceUrl"/> and <see cref="TwilioTelephonyOptions.SignalWireApiToken"/>.
/// Thread-safe.
/// </summary>
internal sealed class TwilioCallRedirector(IHttpClientFactory clients, IOptions<TwilioTelephonyOptions> options)
{
    public const string ClientName = "twilio-rest";

    /// <summary>Redirects the call <paramref name="start"/> names to <paramref name="target"/>; never throws for a
    /// refusal (missing settings, a bad target, a REST error): the outcome says why and the call goes on.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dialect"/> is not Twilio or SignalWire.</exception>
    public ValueTask<TransferOutcome> TransferAsync(MediaStreamDialect dialect, string target, MediaStreamStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(start);
        var settings = options.Value;
        return dialect switch
        {
            MediaStreamDialect.Twilio when string.IsNullOrEmpty(settings.AuthToken) =>
                Refuse($"Twilio transfers need {TwilioTelephonyOptions.Section}:AuthToken."),
            MediaStreamDialect.Twilio => UpdateAsync("Twilio", settings.ApiBaseUrl.TrimEnd('/'), Either(settings.AccountSid, start.AccountId),
                settings.AuthToken!, target, start, cancellationToken),
            MediaStreamDialect.SignalWire when settings.SignalWireRestRoot() is null || string.IsNullOrEmpty(settings.SignalWireApiToken) =>
                Refuse($"SignalWire transfers need {TwilioTelephonyOptions.Section}:SignalWireSpaceUrl and SignalWireApiToken."),
            MediaStreamDialect.SignalWire => UpdateAsync("SignalWire", settings.SignalWireRestRoot()!, Either(settings.SignalWireProjectId, start.AccountId),
                settings.SignalWireApiToken!, target, start, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "Only Twilio and SignalWire calls are redirected with TwiML."),
        };
    }

    /// <summary>The <c>&lt;Dial&gt;</c> TwiML that connects the caller to <paramref name="target"/> (a checked number or SIP URI).</summary>
    internal static string DialTwiml(string target)
    {
        var destination = TransferTargets.IsSipUri(target) ? new XElement("Sip", target) : new XElement("Number", target);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + new XElement("Response", new XElement("Dial", destination)).ToString(SaveOptions.DisableFormatting);
    }

    private async ValueTask<TransferOutcome> UpdateAsync(string vendor, string root, string? account, string secret, string target,
        MediaStreamStart start, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(account) || string.IsNullOrEmpty(start.CallId))
            return new TransferOutcome(false, $"The stream named no {vendor} account or call to transfer.");
        var dial = target.Trim();
        if (TransferTargets.Problem(dial) is { } problem) return new TransferOutcome(false, problem);

        var url = $"{root}/2010-04-01/Accounts/{Uri.EscapeDataString(account)}/Calls/{Uri.EscapeDataString(start.CallId)}.json";
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent([new("Twiml", DialTwiml(dial))]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{account}:{secret}")));
        return await VendorRestCall.SendAsync(clients.CreateClient(ClientName), request, vendor, $"redirected by the {vendor} REST API", cancellationToken)
            .ConfigureAwait(false);
    }

    private static ValueTask<TransferOutcome> Refuse(string reason) => ValueTask.FromResult(new TransferOutcome(false, reason));

    private static string? Either(string? configured, string? fromStream) => string.IsNullOrEmpty(configured) ? fromStream : configured;
}
