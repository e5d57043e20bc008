using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Switchboard.Realtime.Transports;
using Switchboard.Realtime.Transports.Twilio;

namespace Switchboard.ControlPlane.Telephony.Twilio;

/// <summary>
/// Transfers a Telnyx call, which a media stream cannot do by itself: every Telnyx stream belongs to a Call Control call,
/// whose <c>call_control_id</c> the stream's <c>start</c> carries, and Call Control's transfer command
/// (<c>POST /v2/calls/{call_control_id}/actions/transfer</c>, JSON <c>{"to": …}</c>, bearer API key) dials the target and
/// bridges the caller to it. Needs <see cref="TwilioTelephonyOptions.TelnyxApiKey"/>. Thread-safe.
/// </summary>
internal sealed class TelnyxCallTransferrer(IHttpClientFactory clients, IOptions<TwilioTelephonyOptions> options)
{
    public const string ClientName = "telnyx-rest";

    /// <summary>Transfers the call <paramref name="start"/> names to <paramref name="target"/>; never throws for a
    /// refusal (missing key, a bad target, a REST error): the outcome says why and the call goes on.</summary>
    public async ValueTask<TransferOutcome> TransferAsync(string target, MediaStreamStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(start);
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.TelnyxApiKey))
            return new TransferOutcome(false, $"Telnyx transfers need {TwilioTelephonyOptions.Section}:TelnyxApiKey.");
        if (string.IsNullOrEmpty(start.CallId)) return new TransferOutcome(false, "The stream named no Telnyx call_control_id to transfer.");
        var to = target.Trim();
        if (TransferTargets.Problem(to) is { } problem) return new TransferOutcome(false, problem);

        // Call control ids look like "v3:…"; ':' is a legal path character, and escaping it is not what Telnyx documents.
        var id = Uri.EscapeDataString(start.CallId).Replace("%3A", ":", StringComparison.OrdinalIgnoreCase);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{settings.TelnyxApiBaseUrl.TrimEnd('/')}/v2/calls/{id}/actions/transfer")
        {
            Content = JsonContent.Create(new Dictionary<string, string> { ["to"] = to }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.TelnyxApiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await VendorRestCall.SendAsync(clients.CreateClient(ClientName), request, "Telnyx", "transferred by Telnyx Call Control", cancellationToken)
            .ConfigureAwait(false);
    }
}
