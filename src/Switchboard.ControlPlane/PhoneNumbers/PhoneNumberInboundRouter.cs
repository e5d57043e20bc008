using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Outbound;
using Switchboard.ControlPlane.Telephony;
using Switchboard.ControlPlane.Tenancy;
using Switchboard.ControlPlane.Webhooks;

namespace Switchboard.ControlPlane.PhoneNumbers;

/// <summary>
/// Routes an inbound call by its dialled number: finds the number on this server, asks its inbound webhook (if any)
/// within <see cref="PhoneNumberOptions.InboundWebhookTimeoutMs"/>, and otherwise picks an agent by weight. Reads
/// the database on every call — numbers change while the server runs, and a stale route sends a caller to the wrong
/// organization. Thread-safe; registered as the singleton <see cref="IInboundCallRouter"/>.
/// </summary>
internal sealed partial class PhoneNumberInboundRouter(
    IServiceScopeFactory scopes,
    IHttpClientFactory clients,
    IOptionsMonitor<PhoneNumberOptions> options,
    TimeProvider time,
    ILogger<PhoneNumberInboundRouter> logger,
    Func<double> random) : IInboundCallRouter
{
    private static readonly IReadOnlyDictionary<string, string> NoVariables = new Dictionary<string, string>();

    public Task<InboundRoute?> ResolveAsync(string calledNumber, string? callerNumber, string transport, CancellationToken cancellationToken) =>
        ResolveAsync(calledNumber, callerNumber, transport, null, cancellationToken);

    public async Task<InboundRoute?> ResolveAsync(string calledNumber, string? callerNumber, string transport, IPAddress? source,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(calledNumber);
        ArgumentException.ThrowIfNullOrWhiteSpace(transport);
        var candidates = PhoneNumberFormat.LookupCandidates(calledNumber);
        if (candidates.Length == 0) return null;

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
        // The one query across organizations: a call names only the number. Everything after it is tenant-filtered.
        var matches = await db.PhoneNumbers.IgnoreQueryFilters().AsNoTracking()
            .Where(p => candidates.Contains(p.Number)).ToListAsync(cancellationToken);
        if (matches.Count == 0) return null;
        var number = matches.OrderBy(p => Array.IndexOf(candidates, p.Number)).First();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(number.OrganizationId, "inbound-router");
        if (source is not null && number.SipTrunkId is { } trunkId)
        {
            // Refused like an unknown number, and before the inbound webhook: a stranger learns nothing and triggers nothing.
            var networks = await db.SipTrunks.Where(t => t.Id == trunkId).Select(t => t.InboundNetworks).FirstOrDefaultAsync(cancellationToken);
            if (SipTrunkInboundNetworks.AllowList(networks) is { } allowed && !allowed.Contains(source))
            {
                LogSourceRefused(logger, number.Id, trunkId, source.ToString());
                return null;
            }
        }

        var configured = PhoneNumberResponse.ReadAgents(number.InboundAgents);
        var ids = configured.Select(a => a.AgentId!).Distinct().ToList();
        var live = await db.Agents.Where(a => ids.Contains(a.Id)).Select(a => a.Id).ToListAsync(cancellationToken);
        // An agent deleted after the number was set up is skipped rather than failing every call.
        var available = configured.Where(a => live.Contains(a.AgentId!)).ToList();

        InboundWebhookAnswer? answer = null;
        if (number.InboundWebhookUrl is { } url)
            answer = await AskWebhookAsync(db, number, url, callerNumber, transport, cancellationToken);

        string? agentId = null;
        int? agentVersion = null;
        if (answer?.OverrideAgentId is { } overrideId)
        {
            var version = answer.OverrideAgentVersion;
            if (await db.Agents.AnyAsync(a => a.Id == overrideId && (version == null || a.LatestVersion >= version), cancellationToken))
            {
                agentId = overrideId;
                agentVersion = answer.OverrideAgentVersion;
            }
            else
            {
                LogUnknownOverride(logger, number.Id);
            }
        }
        if (agentId is null)
        {
            var picked = WeightedPick.Pick(available, NextUniform());
            if (picked is null)
            {
                LogNoAgent(logger, number.Id);
                return null;
            }
            agentId = picked.AgentId!;
            agentVersion = picked.AgentVersion;
        }
        return new InboundRoute(number.OrganizationId, number.Id, number.Number, agentId, agentVersion, number.InboundIvrMenuId,
            answer?.DynamicVariables ?? NoVariables, answer?.Metadata);
    }

    private double NextUniform()
    {
        var value = random();
        // A custom source returning 1.0 must not crash a call.
        return value is >= 0 and < 1 ? value : 0;
    }

    /// <returns>The webhook's answer, or null when the call should go to the weighted pick (any failure is logged).</returns>
    private async Task<InboundWebhookAnswer?> AskWebhookAsync(SwitchboardDbContext db, PhoneNumber number, string url,
        string? callerNumber, string transport, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromMilliseconds(options.CurrentValue.InboundWebhookTimeoutMs);
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var secret = await AgentWebhookSecrets.GetOrCreateAsync(db, number.OrganizationId, time, linked.Token);
            var now = time.GetUtcNow();
            var secrets = new List<string> { secret.Secret };
            if (secret.PreviousSecret is { } previous && secret.PreviousSecretExpiresAt > now) secrets.Add(previous);

            var body = JsonSerializer.SerializeToUtf8Bytes(new
            {
                @event = "call_inbound",
                call_inbound = new { from_number = callerNumber, to_number = number.Number, transport },
            });
            var messageId = Ids.New(WebhookIds.Event);
            var timestamp = now.ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, url);
            request.Headers.TryAddWithoutValidation("webhook-id", messageId);
            request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSigner.SignatureHeader(secrets, messageId, timestamp, body));
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

            using var response = await clients.CreateClient(OutboundHttp.ClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                LogWebhookFailed(logger, number.Id, $"it answered {(int)response.StatusCode}");
                return null;
            }
            var answer = await ReadBodyAsync(response, linked.Token);
            if (answer is null)
            {
                LogWebhookFailed(logger, number.Id, $"its answer is larger than {InboundWebhookAnswer.MaxBytes} bytes");
                return null;
            }
            return InboundWebhookAnswer.Parse(answer);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            LogWebhookFailed(logger, number.Id, $"no answer within {timeout.TotalMilliseconds:0} ms");
        }
        catch (OutboundRequestRefusedException ex)
        {
            LogWebhookFailed(logger, number.Id, "refused: " + ex.Message);
        }
        catch (HttpRequestException ex)
        {
            LogWebhookFailed(logger, number.Id, "connection failed: " + ex.Message);
        }
        catch (JsonException ex)
        {
            LogWebhookFailed(logger, number.Id, "its answer is not valid: " + ex.Message);
        }
        return null;
    }

    /// <returns>The body, or null when it exceeds <see cref="InboundWebhookAnswer.MaxBytes"/>.</returns>
    private static async Task<byte[]?> ReadBodyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[InboundWebhookAnswer.MaxBytes + 1];
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(filled), ct)) > 0) filled += read;
        return filled > InboundWebhookAnswer.MaxBytes ? null : buffer.AsSpan(0, filled).ToArray();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound webhook of phone number {PhoneNumberId} not used ({Reason}); the call goes to the weighted pick.")]
    private static partial void LogWebhookFailed(ILogger logger, string phoneNumberId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound webhook of phone number {PhoneNumberId} named an agent (or version) that is not in its organization; the call goes to the weighted pick.")]
    private static partial void LogUnknownOverride(ILogger logger, string phoneNumberId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A SIP call to phone number {PhoneNumberId} came from {Source}, outside the inbound_networks of its trunk {TrunkId}; refused as an unknown number.")]
    private static partial void LogSourceRefused(ILogger logger, string phoneNumberId, string trunkId, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Phone number {PhoneNumberId} has no agent to answer (none configured, or all deleted); the call is refused.")]
    private static partial void LogNoAgent(ILogger logger, string phoneNumberId);
}
