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
    public async ValueTask<TransferOutcome> TransferAsync(MediaStreamDialect dialect, string target, MediaStreamStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(start);
        if (TwilioRestAccount.Resolve(dialect, options.Value, start, out var problem) is not { } account) return new TransferOutcome(false, problem);
        var dial = target.Trim();
        if (TransferTargets.Problem(dial) is { } bad) return new TransferOutcome(false, bad);

        using var request = account.Request(HttpMethod.Post, account.CallUrl(start.CallId!), [new("Twiml", DialTwiml(dial))]);
        return await VendorRestCall.SendAsync(clients.CreateClient(ClientName), request, account.Vendor, $"redirected by the {account.Vendor} REST API",
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The <c>&lt;Dial&gt;</c> TwiML that connects the caller to <paramref name="target"/> (a checked number or SIP URI).</summary>
    internal static string DialTwiml(string target) =>
        Document(new XElement("Dial", TransferTargets.IsSipUri(target) ? new XElement("Sip", target) : new XElement("Number", target)));

    internal static string Document(params XElement[] verbs) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + new XElement("Response", verbs).ToString(SaveOptions.DisableFormatting);
}
