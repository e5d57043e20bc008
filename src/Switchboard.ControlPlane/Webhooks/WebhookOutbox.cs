using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.Agents;
using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;
using Switchboard.ControlPlane.Webhooks.Events;

namespace Switchboard.ControlPlane.Webhooks;

/// <summary>
/// The way any code emits a webhook event: inside its own unit of work. <see cref="EnqueueAsync"/> adds the event
/// and one delivery per matching enabled endpoint (and the agent's own <c>webhook_url</c> for call events) to the
/// caller's <see cref="SwitchboardDbContext"/> without saving; the caller's <c>SaveChangesAsync</c> commits the
/// change and its event together, or neither. Singleton, thread-safe; the context is the caller's and is not
/// used after the call returns except to learn when it saved.
/// </summary>
internal sealed class WebhookOutbox(TimeProvider time, WebhookSignal signal)
{
    private readonly Lock _clock = new();
    private DateTimeOffset _lastEventTime;

    /// <summary>Adds an event of <paramref name="type"/> (one of <see cref="WebhookEventTypes"/>) with <paramref name="data"/>
    /// for the organization of <paramref name="db"/>'s tenant.</summary>
    /// <param name="agentId">The agent the event is about, for agent filters and agent URLs; null if none.</param>
    /// <exception cref="ArgumentException">Unknown type, no data, or a context without a tenant.</exception>
    public Task<WebhookEvent> EnqueueAsync(SwitchboardDbContext db, string type, object data, string? agentId,
        CancellationToken cancellationToken = default) =>
        EnqueueCoreAsync(db, type, data, agentId, null, onlyEndpointId: null, excludeEndpointId: null, cancellationToken)!;

    /// <summary>As <see cref="EnqueueAsync"/>, for background work whose context has no tenant.</summary>
    public Task<WebhookEvent> EnqueueForOrganizationAsync(SwitchboardDbContext db, string organizationId, string type, object data,
        string? agentId, CancellationToken cancellationToken = default) =>
        EnqueueForOrganizationAsync(db, organizationId, type, data, agentId, null, cancellationToken);

    /// <summary>As <see cref="EnqueueAsync"/>, for background work whose context has no tenant.</summary>
    /// <param name="recipients">Shared by the events of one unit of work to read endpoints and agent URLs once; null reads them each time.</param>
    public Task<WebhookEvent> EnqueueForOrganizationAsync(SwitchboardDbContext db, string organizationId, string type, object data,
        string? agentId, WebhookRecipientCache? recipients, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(organizationId);
        return EnqueueCoreAsync(db, type, data, agentId, organizationId, null, null, cancellationToken, recipients: recipients)!;
    }

    /// <summary>
    /// As <see cref="EnqueueForOrganizationAsync"/>, but nothing is stored when no endpoint and no agent URL would receive
    /// the event (returns null). For frequent, bulky events (<c>transcript.updated</c> after every utterance) that would
    /// otherwise fill the events table for nobody.
    /// </summary>
    /// <param name="recipients">As for <see cref="EnqueueForOrganizationAsync(SwitchboardDbContext, string, string, object, string?, WebhookRecipientCache?, CancellationToken)"/>.</param>
    public Task<WebhookEvent?> EnqueueForSubscribersAsync(SwitchboardDbContext db, string organizationId, string type, object data,
        string? agentId, WebhookRecipientCache? recipients, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(organizationId);
        return EnqueueCoreAsync(db, type, data, agentId, organizationId, null, null, cancellationToken, onlyIfDelivered: true, recipients);
    }

    /// <summary>An event for exactly one endpoint, whatever its filters (the test endpoint).</summary>
    internal Task<WebhookEvent> EnqueueForEndpointAsync(SwitchboardDbContext db, string type, object data, string? agentId,
        string endpointId, CancellationToken cancellationToken) =>
        EnqueueCoreAsync(db, type, data, agentId, null, endpointId, null, cancellationToken)!;

    internal Task<WebhookEvent> EnqueueExceptAsync(SwitchboardDbContext db, string type, object data, string organizationId,
        string excludeEndpointId, CancellationToken cancellationToken) =>
        EnqueueCoreAsync(db, type, data, null, organizationId, null, excludeEndpointId, cancellationToken)!;

    // Null only when onlyIfDelivered and nobody receives the event; the other entry points rely on that.
    private async Task<WebhookEvent?> EnqueueCoreAsync(SwitchboardDbContext db, string type, object data, string? agentId,
        string? organizationId, string? onlyEndpointId, string? excludeEndpointId, CancellationToken ct, bool onlyIfDelivered = false,
        WebhookRecipientCache? recipients = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(data);
        if (!WebhookEventTypes.IsKnown(type)) throw new ArgumentException($"Unknown webhook event type '{type}'.", nameof(type));
        var org = organizationId ?? db.TenantId
            ?? throw new ArgumentException("The context has no tenant; pass the organization id.", nameof(organizationId));

        var endpoints = onlyEndpointId is not null
            ? await EndpointsAsync(db, org, onlyEndpointId, ct)
            : await EnabledEndpointsAsync(db, org, recipients, ct);
        var targets = new List<string>(endpoints.Count);
        foreach (var endpoint in endpoints)
        {
            if (endpoint.Id == excludeEndpointId) continue;
            if (onlyEndpointId is null && !Matches(endpoint.EventTypes, endpoint.AgentId, type, agentId)) continue;
            targets.Add(endpoint.Id);
        }
        var agentUrl = onlyEndpointId is null && agentId is not null && WebhookEventTypes.IsCallEvent(type)
            ? await AgentWebhookUrlAsync(db, org, agentId, recipients, ct)
            : null;
        if (onlyIfDelivered && targets.Count == 0 && agentUrl is null) return null;

        var now = NextEventTime();
        var id = Ids.New(WebhookIds.Event);
        var payload = JsonSerializer.Serialize(new WebhookEnvelope<object>(id, type, now, data), JsonDefaults.Options);
        var evt = new WebhookEvent { Id = id, OrganizationId = org, Type = type, AgentId = agentId, Payload = payload, CreatedAt = now };
        db.WebhookEvents.Add(evt);
        var deliveryIds = new List<WebhookFreshDelivery>(targets.Count + 1);
        foreach (var endpointId in targets) deliveryIds.Add(Add(db, NewDelivery(evt, endpointId, null, null, endpointId)));
        if (agentUrl is not null) deliveryIds.Add(Add(db, NewDelivery(evt, null, agentId, agentUrl, AgentChannel(agentId!))));

        if (deliveryIds.Count > 0) WakeAfterSave(db, deliveryIds);
        return evt;
    }

    /// <summary>
    /// Event times are strictly increasing on this node, at microsecond precision (what PostgreSQL keeps), so two
    /// events created in the same instant still have a creation order for delivery ordering to follow.
    /// </summary>
    private DateTimeOffset NextEventTime()
    {
        var now = time.GetUtcNow();
        now = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero);
        lock (_clock)
        {
            if (now <= _lastEventTime) now = _lastEventTime.AddTicks(10);
            _lastEventTime = now;
            return now;
        }
    }

    private static WebhookFreshDelivery Add(SwitchboardDbContext db, WebhookDelivery delivery)
    {
        db.WebhookDeliveries.Add(delivery);
        return new WebhookFreshDelivery(delivery.Id, delivery.Channel);
    }

    public static string AgentChannel(string agentId) => "agent:" + agentId;

    internal static bool Matches(string eventTypes, string? endpointAgentId, string type, string? agentId)
    {
        if (endpointAgentId is not null && agentId is not null && endpointAgentId != agentId) return false;
        if (endpointAgentId is not null && agentId is null && WebhookEventTypes.IsCallEvent(type)) return false;
        if (eventTypes.Length == 0) return true;
        foreach (var subscribed in eventTypes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (subscribed == type) return true;
        }
        return false;
    }

    private WebhookDelivery NewDelivery(WebhookEvent evt, string? endpointId, string? agentId, string? url, string channel) => new()
    {
        Id = Ids.New(WebhookIds.Delivery),
        OrganizationId = evt.OrganizationId,
        EventId = evt.Id,
        EventType = evt.Type,
        EventCreatedAt = evt.CreatedAt,
        EndpointId = endpointId,
        AgentId = agentId,
        TargetUrl = url,
        Channel = channel,
        NextAttemptAt = time.GetUtcNow(),
        CreatedAt = time.GetUtcNow(),
    };

    private static async Task<IReadOnlyList<WebhookEndpointFilter>> EnabledEndpointsAsync(SwitchboardDbContext db, string org,
        WebhookRecipientCache? cache, CancellationToken ct)
    {
        if (cache is not null && cache.TryGetEndpoints(org, out var cached)) return cached;
        var endpoints = await db.WebhookEndpoints.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.OrganizationId == org && e.Enabled)
            .Select(e => new WebhookEndpointFilter(e.Id, e.EventTypes, e.AgentId))
            .ToListAsync(ct);
        cache?.SetEndpoints(org, endpoints);
        return endpoints;
    }

    private static async Task<IReadOnlyList<WebhookEndpointFilter>> EndpointsAsync(SwitchboardDbContext db, string org, string endpointId,
        CancellationToken ct) =>
        await db.WebhookEndpoints.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.OrganizationId == org && e.Id == endpointId)
            .Select(e => new WebhookEndpointFilter(e.Id, e.EventTypes, e.AgentId))
            .ToListAsync(ct);

    private static async Task<string?> AgentWebhookUrlAsync(SwitchboardDbContext db, string org, string agentId, WebhookRecipientCache? cache,
        CancellationToken ct)
    {
        if (cache is not null && cache.TryGetAgentUrl(org, agentId, out var cached)) return cached;
        var url = await AgentWebhookUrlAsync(db, org, agentId, ct);
        cache?.SetAgentUrl(org, agentId, url);
        return url;
    }

    /// <summary>The webhook_url of the agent's published version (its newest if none is published).</summary>
    private static async Task<string?> AgentWebhookUrlAsync(SwitchboardDbContext db, string org, string agentId, CancellationToken ct)
    {
        var agent = await db.Agents.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.Id == agentId && a.OrganizationId == org && a.DeletedAt == null)
            .Select(a => new { a.PublishedVersion, a.LatestVersion })
            .FirstOrDefaultAsync(ct);
        if (agent is null) return null;
        var version = agent.PublishedVersion ?? agent.LatestVersion;
        var config = await db.AgentVersions.IgnoreQueryFilters().AsNoTracking()
            .Where(v => v.AgentId == agentId && v.Version == version)
            .Select(v => v.Config)
            .FirstOrDefaultAsync(ct);
        return config is null ? null : AgentEndpoints.Deserialize(config).WebhookUrl;
    }

    /// <summary>
    /// Hands the new deliveries to this node's dispatcher once the caller's save has gone through (the fast path sends
    /// them at once); a failed save hands over nothing. A save inside a caller's explicit transaction fires before the
    /// commit: the fast path then finds nothing yet and the round loop delivers them at its next poll.
    /// </summary>
    private void WakeAfterSave(SwitchboardDbContext db, IReadOnlyList<WebhookFreshDelivery> deliveryIds)
    {
        EventHandler<Microsoft.EntityFrameworkCore.SavedChangesEventArgs>? saved = null;
        EventHandler<Microsoft.EntityFrameworkCore.SaveChangesFailedEventArgs>? failed = null;
        saved = (_, _) =>
        {
            db.SavedChanges -= saved;
            db.SaveChangesFailed -= failed;
            signal.Offer(deliveryIds);
        };
        failed = (_, _) =>
        {
            db.SavedChanges -= saved;
            db.SaveChangesFailed -= failed;
        };
        db.SavedChanges += saved;
        db.SaveChangesFailed += failed;
    }
}
