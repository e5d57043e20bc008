using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.Data;

namespace Switchboard.ControlPlane.Webhooks;

/// <summary>Turns claimed delivery ids into the dispatcher's per-channel send plan (round loop and fast path alike).</summary>
internal static class WebhookBatchPlanner
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    /// <summary>
    /// Loads the claimed deliveries with their events' payloads and their endpoints in one query, gives up deliveries whose
    /// endpoint is gone or disabled, and groups the rest by channel in event order.
    /// </summary>
    public static async Task<List<List<WebhookBatchItem>>> PlanAsync(SwitchboardDbContext db, IReadOnlyList<string> ids, TimeProvider time,
        CancellationToken ct)
    {
        // One query (one round trip) for the deliveries, their payloads and their endpoints: the deliveries and
        // endpoints are tracked, because recording the outcome updates them.
        var rows = await (
            from d in db.WebhookDeliveries.IgnoreQueryFilters()
            where ids.Contains(d.Id)
            join e in db.WebhookEvents.IgnoreQueryFilters() on d.EventId equals e.Id into found
            from e in found.DefaultIfEmpty()
            join ep in db.WebhookEndpoints.IgnoreQueryFilters() on d.EndpointId equals ep.Id into matches
            from ep in matches.DefaultIfEmpty()
            select new { Delivery = d, Payload = e == null ? null : e.Payload, Endpoint = ep })
            .ToListAsync(ct);
        var deliveries = rows.Select(r => r.Delivery).ToList();
        var payloads = rows.Where(r => r.Payload is not null).ToDictionary(r => r.Delivery.Id, r => r.Payload!, StringComparer.Ordinal);
        var endpoints = new Dictionary<string, WebhookEndpoint>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.Endpoint is not null) endpoints[row.Endpoint.Id] = row.Endpoint;
        }
        var agentSecrets = new Dictionary<string, WebhookAgentSecret>(StringComparer.Ordinal);
        foreach (var organizationId in deliveries.Where(d => d.EndpointId is null).Select(d => d.OrganizationId).Distinct())
        {
            // May save a newly created secret; nothing else is modified yet, so that save carries only the secret.
            agentSecrets[organizationId] = await AgentWebhookSecrets.GetOrCreateAsync(db, organizationId, time, ct);
        }

        var now = time.GetUtcNow();
        var headersByEndpoint = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        var byChannel = new Dictionary<string, List<WebhookBatchItem>>(StringComparer.Ordinal);
        foreach (var delivery in deliveries.OrderBy(d => d.EventCreatedAt).ThenBy(d => d.Id, StringComparer.Ordinal))
        {
            if (delivery.Status != WebhookOutcomes.Pending || !payloads.TryGetValue(delivery.Id, out var payload)) continue;
            WebhookEndpoint? endpoint = null;
            if (delivery.EndpointId is not null
                && (!endpoints.TryGetValue(delivery.EndpointId, out endpoint) || !endpoint.Enabled))
            {
                Complete(delivery, WebhookOutcomes.Failed, now);
                continue;
            }

            WebhookBatchItem item;
            if (endpoint is not null)
            {
                if (!headersByEndpoint.TryGetValue(endpoint.Id, out var headers))
                {
                    headers = WebhookSender.ParseHeaders(endpoint.Headers);
                    headersByEndpoint[endpoint.Id] = headers;
                }
                item = new WebhookBatchItem(delivery, endpoint, delivery.EventId, payload, endpoint.Url,
                    Secrets(endpoint.Secret, endpoint.PreviousSecret, endpoint.PreviousSecretExpiresAt, now), headers);
            }
            else
            {
                var secret = agentSecrets[delivery.OrganizationId];
                item = new WebhookBatchItem(delivery, null, delivery.EventId, payload, delivery.TargetUrl!,
                    Secrets(secret.Secret, secret.PreviousSecret, secret.PreviousSecretExpiresAt, now), NoHeaders);
            }
            if (!byChannel.TryGetValue(delivery.Channel, out var list))
            {
                list = [];
                byChannel[delivery.Channel] = list;
            }
            list.Add(item);
        }
        return [.. byChannel.Values];
    }

    public static void Complete(WebhookDelivery delivery, string outcome, DateTimeOffset now)
    {
        delivery.Status = outcome;
        delivery.CompletedAt = now;
        delivery.ClaimedUntil = null;
    }

    private static List<string> Secrets(string current, string? previous, DateTimeOffset? previousExpiresAt, DateTimeOffset now)
    {
        var list = new List<string>(2) { current };
        if (previous is not null && previousExpiresAt > now) list.Add(previous);
        return list;
    }
}
