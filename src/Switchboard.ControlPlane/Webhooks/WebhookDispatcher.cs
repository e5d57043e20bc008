using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Webhooks.Events;

namespace Switchboard.ControlPlane.Webhooks;

/// <summary>
/// Owns the delivery loop: claim due deliveries, send them (different channels in parallel, one channel strictly
/// in order), record every attempt, schedule retries, disable dead endpoints, and prune old logs. Wakes every
/// poll interval and whenever this node commits new deliveries.
/// </summary>
internal sealed partial class WebhookDispatcher(
    IServiceScopeFactory scopes, WebhookSender sender, WebhookOutbox outbox, WebhookSignal signal, TimeProvider time,
    IOptions<WebhookOptions> options, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public static readonly TimeSpan DisableAfter = TimeSpan.FromDays(5);
    private static readonly TimeSpan CleanupInterval = TimeSpan.FromHours(1);

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

    /// <summary>Claims one batch and sends it; returns how many deliveries were attempted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        IReadOnlyList<string> ids;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
            ids = await WebhookClaimer.ClaimAsync(db, time.GetUtcNow(), TimeSpan.FromSeconds(_options.LeaseSeconds), _options.BatchSize, ct);
        }
        if (ids.Count == 0) return 0;
        var work = new Task[ids.Count];
        for (var i = 0; i < ids.Count; i++) work[i] = DeliverQuietlyAsync(ids[i], ct);
        await Task.WhenAll(work);
        return ids.Count;
    }

    private async Task DeliverQuietlyAsync(string deliveryId, CancellationToken ct)
    {
        try
        {
            await DeliverAsync(deliveryId, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The claim lapses after the lease and the delivery is tried again.
            LogDeliveryFailed(logger, deliveryId, ex);
        }
    }

    private async Task DeliverAsync(string deliveryId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
        var delivery = await db.WebhookDeliveries.IgnoreQueryFilters().FirstOrDefaultAsync(d => d.Id == deliveryId, ct);
        if (delivery is null || delivery.Status != WebhookOutcomes.Pending) return;
        var evt = await db.WebhookEvents.IgnoreQueryFilters().AsNoTracking().FirstAsync(e => e.Id == delivery.EventId, ct);
        var endpoint = delivery.EndpointId is null ? null
            : await db.WebhookEndpoints.IgnoreQueryFilters().FirstOrDefaultAsync(e => e.Id == delivery.EndpointId, ct);
        var now = time.GetUtcNow();

        if (delivery.EndpointId is not null && endpoint is not { Enabled: true })
        {
            Complete(delivery, WebhookOutcomes.Failed, now);
            await db.SaveChangesAsync(ct);
            return;
        }

        string url;
        List<string> secrets;
        string headers;
        if (endpoint is not null)
        {
            url = endpoint.Url;
            secrets = Secrets(endpoint.Secret, endpoint.PreviousSecret, endpoint.PreviousSecretExpiresAt, now);
            headers = endpoint.Headers;
        }
        else
        {
            url = delivery.TargetUrl!;
            var agentSecret = await AgentWebhookSecrets.GetOrCreateAsync(db, delivery.OrganizationId, time, ct);
            secrets = Secrets(agentSecret.Secret, agentSecret.PreviousSecret, agentSecret.PreviousSecretExpiresAt, now);
            headers = "{}";
        }

        delivery.AttemptCount++;
        var result = await sender.SendAsync(url, evt.Id, evt.Payload, secrets, headers, TimeSpan.FromSeconds(_options.RequestTimeoutSeconds), ct);
        now = time.GetUtcNow();
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
        await db.SaveChangesAsync(ct);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} failed inside the dispatcher; it is retried after its lease")]
    private static partial void LogDeliveryFailed(ILogger logger, string deliveryId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook endpoint {EndpointId} disabled: {Reason}")]
    private static partial void LogDisabled(ILogger logger, string endpointId, string reason);
}
