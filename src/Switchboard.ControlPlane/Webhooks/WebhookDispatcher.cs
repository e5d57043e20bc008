using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Webhooks.Events;

namespace Switchboard.ControlPlane.Webhooks;

/// <summary>
/// Owns the delivery loop: claim a batch of due deliveries, send them (different channels in parallel, one channel
/// strictly in order), record every attempt in one save per batch, schedule retries, disable dead endpoints, and
/// prune old logs. Wakes every poll interval and whenever this node commits new deliveries; runs the next round at
/// once while rounds find work.
/// </summary>
internal sealed partial class WebhookDispatcher(
    IServiceScopeFactory scopes, WebhookSender sender, WebhookOutbox outbox, WebhookSignal signal, TimeProvider time,
    IOptions<WebhookOptions> options, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public static readonly TimeSpan DisableAfter = TimeSpan.FromDays(5);
    private static readonly TimeSpan CleanupInterval = TimeSpan.FromHours(1);

    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    private readonly WebhookOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.DispatcherEnabled) return;
        // Let the host finish starting (and migrations run) before the first query.
        await Task.Yield();
        var nextCleanup = time.GetUtcNow();
        var released = false;
        var poll = TimeSpan.FromMilliseconds(Math.Max(10, _options.PollIntervalMs));
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                if (!released)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await WebhookClaimer.ReleaseAllAsync(scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>(), stoppingToken);
                    released = true;
                }
                sent = await RunOnceAsync(stoppingToken);
                if (time.GetUtcNow() >= nextCleanup)
                {
                    await CleanupAsync(stoppingToken);
                    nextCleanup = time.GetUtcNow() + CleanupInterval;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogLoopFailed(logger, ex);
            }
            if (sent == 0)
            {
                try
                {
                    await signal.WaitAsync(poll, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// One round: claim a batch across channels, load everything it needs in a few queries, send (channels in
    /// parallel up to <c>Webhooks:MaxParallelChannels</c>, each channel's deliveries one after another in event
    /// order), then record every attempt in one save. Returns how many deliveries were claimed.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var claimedAt = time.GetUtcNow();
        var lease = TimeSpan.FromSeconds(_options.LeaseSeconds);
        IReadOnlyList<string> ids;
        await using (var claimScope = scopes.CreateAsyncScope())
        {
            var claimDb = claimScope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
            ids = await WebhookClaimer.ClaimAsync(claimDb, claimedAt, lease, Math.Max(1, _options.BatchSize),
                Math.Max(1, _options.MaxPerChannel), ct);
        }
        if (ids.Count == 0) return 0;

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
        var channels = await PlanAsync(db, ids, ct);
        await SendAllAsync(channels, claimedAt + lease, ct);
        await RecordAsync(db, channels);
        return ids.Count;
    }

    /// <summary>
    /// Loads the claimed deliveries, their events and endpoints in one query each, gives up deliveries whose
    /// endpoint is gone or disabled, and groups the rest by channel in event order.
    /// </summary>
    private async Task<List<List<WebhookBatchItem>>> PlanAsync(SwitchboardDbContext db, IReadOnlyList<string> ids, CancellationToken ct)
    {
        var deliveries = await db.WebhookDeliveries.IgnoreQueryFilters().Where(d => ids.Contains(d.Id)).ToListAsync(ct);
        var eventIds = deliveries.Select(d => d.EventId).Distinct().ToList();
        var events = await db.WebhookEvents.IgnoreQueryFilters().AsNoTracking()
            .Where(e => eventIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var endpointIds = deliveries.Where(d => d.EndpointId is not null).Select(d => d.EndpointId!).Distinct().ToList();
        var endpoints = await db.WebhookEndpoints.IgnoreQueryFilters()
            .Where(e => endpointIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
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
            if (delivery.Status != WebhookOutcomes.Pending || !events.TryGetValue(delivery.EventId, out var evt)) continue;
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
                item = new WebhookBatchItem(delivery, endpoint, evt.Id, evt.Payload, endpoint.Url,
                    Secrets(endpoint.Secret, endpoint.PreviousSecret, endpoint.PreviousSecretExpiresAt, now), headers);
            }
            else
            {
                var secret = agentSecrets[delivery.OrganizationId];
                item = new WebhookBatchItem(delivery, null, evt.Id, evt.Payload, delivery.TargetUrl!,
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

    /// <summary>
    /// A channel stops at its first failed attempt (what follows must wait for that delivery's retry), and does
    /// not start a request that could still be running when the claim's lease ends (another node could take the
    /// rest then). The first request of a channel is always sent.
    /// </summary>
    private async Task SendAllAsync(List<List<WebhookBatchItem>> channels, DateTimeOffset leaseEnds, CancellationToken ct)
    {
        var timeout = TimeSpan.FromSeconds(_options.RequestTimeoutSeconds);
        var lastStart = leaseEnds - timeout;
        // Not cancelled by ct itself: a stopping node lets the sender abort its requests and still records what it got.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.MaxParallelChannels) };
        await Parallel.ForEachAsync(channels, parallel, async (items, _) =>
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (ct.IsCancellationRequested || (i > 0 && time.GetUtcNow() > lastStart)) return;
                var item = items[i];
                try
                {
                    item.Result = await sender.SendAsync(item.Url, item.EventId, item.Payload, item.Secrets, item.Headers, timeout, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                item.AttemptedAt = time.GetUtcNow();
                if (!item.Result.Succeeded) return;
            }
        });
    }

    /// <summary>Applies every outcome of the batch and saves once; unsent deliveries are handed back at once.</summary>
    private async Task RecordAsync(SwitchboardDbContext db, List<List<WebhookBatchItem>> channels)
    {
        // The requests already went out: record them even while stopping, or they would all be sent again.
        var ct = CancellationToken.None;
        foreach (var items in channels)
        {
            foreach (var item in items)
            {
                if (item.Result is null)
                {
                    item.Delivery.ClaimedUntil = null;
                    continue;
                }
                await ApplyAsync(db, item, item.Result, ct);
            }
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task ApplyAsync(SwitchboardDbContext db, WebhookBatchItem item, WebhookAttemptResult result, CancellationToken ct)
    {
        var delivery = item.Delivery;
        var endpoint = item.Endpoint;
        var now = item.AttemptedAt;
        delivery.AttemptCount++;
        db.WebhookAttempts.Add(new WebhookAttempt
        {
            Id = Ids.New(WebhookIds.Attempt),
            OrganizationId = delivery.OrganizationId,
            DeliveryId = delivery.Id,
            AttemptedAt = now,
            StatusCode = result.StatusCode,
            LatencyMs = result.LatencyMs,
            ResponseExcerpt = result.ResponseExcerpt,
            Error = result.Error is { Length: > 1000 } text ? text[..1000] : result.Error,
        });
        delivery.LastStatusCode = result.StatusCode;
        delivery.ClaimedUntil = null;

        if (result.Succeeded)
        {
            Complete(delivery, WebhookOutcomes.Succeeded, now);
            if (endpoint is not null) endpoint.FailingSince = null;
        }
        else if (endpoint is not null && result.StatusCode == 410)
        {
            Complete(delivery, WebhookOutcomes.Failed, now);
            await DisableAsync(db, endpoint, "gone", now, ct);
        }
        else
        {
            if (endpoint is not null) endpoint.FailingSince ??= now;
            if (endpoint?.FailingSince is { } since && now - since >= DisableAfter)
            {
                Complete(delivery, WebhookOutcomes.Failed, now);
                await DisableAsync(db, endpoint, "failing", now, ct);
            }
            else if (delivery.SingleAttempt
                || WebhookRetrySchedule.NextDelay(delivery.AttemptCount, result.RetryAfter, Random.Shared.NextDouble()) is not { } delay)
            {
                Complete(delivery, WebhookOutcomes.Failed, now);
            }
            else
            {
                delivery.NextAttemptAt = now + delay;
            }
        }
    }

    private static void Complete(WebhookDelivery delivery, string outcome, DateTimeOffset now)
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

    /// <summary>
    /// Turns the endpoint off, gives up its other pending deliveries (they can be replayed once it is back), and
    /// tells the organization's other endpoints — all in the same save as the attempt that decided it.
    /// </summary>
    private async Task DisableAsync(SwitchboardDbContext db, WebhookEndpoint endpoint, string reason, DateTimeOffset now, CancellationToken ct)
    {
        endpoint.Enabled = false;
        endpoint.DisabledReason = reason;
        endpoint.UpdatedAt = now;
        var pending = await db.WebhookDeliveries.IgnoreQueryFilters()
            .Where(d => d.EndpointId == endpoint.Id && d.Status == WebhookOutcomes.Pending)
            .ToListAsync(ct);
        foreach (var other in pending) Complete(other, WebhookOutcomes.Failed, now);
        await outbox.EnqueueExceptAsync(db, WebhookEventTypes.EndpointDisabled,
            new EndpointDisabledData(endpoint.Id, endpoint.Url, reason, endpoint.FailingSince), endpoint.OrganizationId, endpoint.Id, ct);
        LogDisabled(logger, endpoint.Id, reason);
    }

    /// <summary>Deletes finished deliveries (with their attempts) and then events past <c>Webhooks:RetentionDays</c>.</summary>
    public async Task CleanupAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(Math.Max(1, _options.RetentionDays));
        await db.WebhookAttempts.IgnoreQueryFilters()
            .Where(a => db.WebhookDeliveries.IgnoreQueryFilters()
                .Any(d => d.Id == a.DeliveryId && d.Status != WebhookOutcomes.Pending && d.CompletedAt < cutoff))
            .ExecuteDeleteAsync(ct);
        await db.WebhookDeliveries.IgnoreQueryFilters()
            .Where(d => d.Status != WebhookOutcomes.Pending && d.CompletedAt < cutoff)
            .ExecuteDeleteAsync(ct);
        await db.WebhookEvents.IgnoreQueryFilters()
            .Where(e => e.CreatedAt < cutoff && !db.WebhookDeliveries.IgnoreQueryFilters().Any(d => d.EventId == e.Id))
            .ExecuteDeleteAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The webhook dispatcher loop failed; it continues after the poll interval")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook endpoint {EndpointId} disabled: {Reason}")]
    private static partial void LogDisabled(ILogger logger, string endpointId, string reason);
}
