using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.Options;
using Switchboard.Realtime.Transports;
using Switchboard.Realtime.Transports.Twilio;

namespace Switchboard.ControlPlane.Telephony.Twilio;

/// <summary>
/// Places the second call of a warm transfer on Twilio (<c>POST …/Calls.json</c>) with TwiML that streams it back to this
/// node (<c>/api/v1/telephony/twilio/consult-stream</c>), so the agent can brief whoever answers in its own voice; the
/// stream connecting is the answer. While waiting, it reads the call's status (<c>GET …/Calls/{sid}.json</c>) every
/// <see cref="PollInterval"/> to learn of busy, no-answer and failed calls. Thread-safe.
/// </summary>
internal sealed class TwilioConsultDialer(IHttpClientFactory clients, IOptions<TwilioTelephonyOptions> options, TwilioConsultRegistry registry,
    TimeProvider time)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    // Twilio rings for Timeout seconds; the stream connects a moment after the answer, and status reads may lag.
    private static readonly TimeSpan AnswerMargin = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Calls <paramref name="target"/> from <paramref name="from"/> (our number the caller dialled) and returns the
    /// answered leg, or why there is none. Cancellation (the caller hung up) hangs the new call up and throws.
    /// </summary>
    public async ValueTask<ConsultResult> ConsultAsync(string target, MediaStreamStart start, string? from, string consultStreamUrl,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(start);
        var settings = options.Value;
        if (TwilioRestAccount.Resolve(MediaStreamDialect.Twilio, settings, start, out var problem) is not { } account)
            return ConsultResult.Failed(problem!, TransferOutcomeCodes.Failed);
        if (string.IsNullOrEmpty(from)) return ConsultResult.Failed("The call has no number of ours to call the target from.", TransferOutcomeCodes.Failed);
        var dial = target.Trim();
        if (TransferTargets.Problem(dial) is { } bad) return ConsultResult.Failed(bad, TransferOutcomeCodes.Failed);

        var client = clients.CreateClient(TwilioCallRedirector.ClientName);
        var (id, answered) = registry.Register();
        string? legSid = null;
        var handedOver = false;
        try
        {
            var stream = new XElement("Stream", new XAttribute("url", consultStreamUrl),
                new XElement("Parameter", new XAttribute("name", "token"), new XAttribute("value", id)));
            var twiml = TwilioCallRedirector.Document(new XElement("Connect", stream));
            using (var create = account.Request(HttpMethod.Post, account.CallsUrl,
                [new("To", dial), new("From", from), new("Twiml", twiml), new("Timeout", settings.TransferRingTimeoutSeconds.ToString(CultureInfo.InvariantCulture))]))
            {
                var (response, failure) = await VendorRestCall.SendAsync(client, create, account.Vendor, cancellationToken).ConfigureAwait(false);
                if (failure is not null) return ConsultResult.Failed(failure, TransferOutcomeCodes.Failed);
                using (response)
                {
                    legSid = await SidAsync(response!, cancellationToken).ConfigureAwait(false);
                }
            }
            if (legSid is null) return ConsultResult.Failed($"the {account.Vendor} REST API created the call but named no sid", TransferOutcomeCodes.Failed);

            var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(settings.TransferRingTimeoutSeconds) + AnswerMargin;
            while (true)
            {
                var tick = Task.Delay(PollInterval, time, cancellationToken);
                await Task.WhenAny(answered, tick).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (answered.IsCompletedSuccessfully)
                {
                    handedOver = true;
                    var leg = new TwilioConsultLeg(await answered.ConfigureAwait(false), account, client, start.CallId!, legSid, time);
                    return new ConsultResult(leg, null);
                }
                var ended = await EndedStatusAsync(client, account, legSid, cancellationToken).ConfigureAwait(false);
                if (ended is not null) return ConsultResult.Failed(ended.Value.Detail, ended.Value.Code);
                if (time.GetUtcNow() >= deadline)
                {
                    await HangUpAsync(client, account, legSid, "canceled").ConfigureAwait(false);
                    return ConsultResult.Failed($"The target did not answer within {settings.TransferRingTimeoutSeconds} s.", TransferOutcomeCodes.NoAnswer);
                }
            }
        }
        catch (OperationCanceledException) when (legSid is not null)
        {
            await HangUpAsync(client, account, legSid, "canceled").ConfigureAwait(false);
            throw;
        }
        finally
        {
            registry.Forget(id);
            // Answered just as we gave up: nobody will use that stream.
            if (!handedOver && answered.IsCompletedSuccessfully)
            {
                if (legSid is not null) await HangUpAsync(client, account, legSid, "completed").ConfigureAwait(false);
                await (await answered.ConfigureAwait(false)).ReleaseAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Ends a call we placed, best effort (it may already be over): <c>canceled</c> while it rings,
    /// <c>completed</c> once answered.</summary>
    internal static async Task HangUpAsync(HttpClient client, TwilioRestAccount account, string callSid, string status)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using var request = account.Request(HttpMethod.Post, account.CallUrl(callSid), [new("Status", status)]);
        var (response, _) = await VendorRestCall.SendAsync(client, request, account.Vendor, timeout.Token).ConfigureAwait(false);
        response?.Dispose();
    }

    /// <summary>Why the call is over before its stream connected, or null while it may still connect (or the status
    /// could not be read: the next poll tries again).</summary>
    private static async Task<(string Detail, string Code)?> EndedStatusAsync(HttpClient client, TwilioRestAccount account, string callSid,
        CancellationToken cancellationToken)
    {
        using var request = account.Request(HttpMethod.Get, account.CallUrl(callSid));
        var (response, failure) = await VendorRestCall.SendAsync(client, request, account.Vendor, cancellationToken).ConfigureAwait(false);
        if (failure is not null) return null;
        string? status;
        using (response)
        {
            status = await FieldAsync(response!, "status", cancellationToken).ConfigureAwait(false);
        }
        return status switch
        {
            "busy" => ("The target was busy.", TransferOutcomeCodes.Busy),
            "no-answer" => ("The target did not answer.", TransferOutcomeCodes.NoAnswer),
            "failed" => ($"{account.Vendor} could not place the call to the target.", TransferOutcomeCodes.Failed),
            "canceled" => ("The call to the target was canceled.", TransferOutcomeCodes.Failed),
            "completed" => ("The target's call ended before it was connected.", TransferOutcomeCodes.Failed),
            _ => null, // queued, initiated, ringing, in-progress (the stream is on its way)
        };
    }

    private static Task<string?> SidAsync(HttpResponseMessage response, CancellationToken cancellationToken) => FieldAsync(response, "sid", cancellationToken);

    private static async Task<string?> FieldAsync(HttpResponseMessage response, string name, CancellationToken cancellationToken)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value)
                && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (Exception e) when (e is JsonException or HttpRequestException or IOException)
        {
            return null;
        }
    }
}
