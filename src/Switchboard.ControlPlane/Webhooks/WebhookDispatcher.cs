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
/// prune old logs. Wakes every poll interval; runs the next round at once while rounds find work. Next to the round
/// loop, <c>Webhooks:FastPathWorkers</c> fast-path workers send the deliveries this node just committed at once
/// (<see cref="RunFastAsync"/>); both take work only through the claim leases, so neither sends what the other holds.
/// </summary>
internal sealed partial class WebhookDispatcher(
    IServiceScopeFactory scopes, WebhookSender sender, WebhookOutbox outbox, WebhookSignal signal, TimeProvider time,
    IOptions<WebhookOptions> options, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public static readonly TimeSpan DisableAfter = TimeSpan.FromDays(5);
    private static readonly TimeSpan CleanupInterval = TimeSpan.FromHours(1);
    private static readonly TimeSpan CarryRetry = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan CarryLimit = TimeSpan.FromSeconds(1);

    private readonly WebhookOptions _options = options.Value;

    // Bumped whenever the fast path leaves an offered delivery to the round loop (see RunFastAsync).
    private int _deferrals;

    // Set once this node's fast-path workers run: from then on the round loop leaves fresh first attempts to them.
    private volatile bool _fastPathRunning;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.DispatcherEnabled) return;
        // Let the host finish starting (and migrations run) before the first query.
        await Task.Yield();
        var poll = TimeSpan.FromMilliseconds(Math.Max(10, _options.PollIntervalMs));
        if (!await ReleaseAsync(poll, stoppingToken)) return;
        // The fast path starts only after the release: it must not take a lease the release would then clear.
        var workers = new Task[Math.Max(0, _options.FastPathWorkers)];
        for (var i = 0; i < workers.Length; i++) workers[i] = RunFastPathLoopAsync(i % signal.Lanes, stoppingToken);
        _fastPathRunning = workers.Length > 0;
        try
        {
            await RunRoundLoopAsync(poll, stoppingToken);
        }
        finally
        {
            await Task.WhenAll(workers);
        }
    }

    private async Task<bool> ReleaseAsync(TimeSpan poll, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await WebhookClaimer.ReleaseAllAsync(scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>(), stoppingToken);
                return true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception ex)
            {
                LogLoopFailed(logger, ex);
            }
            try
            {
                await Task.Delay(poll, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
        return false;
    }

    private async Task RunRoundLoopAsync(TimeSpan poll, CancellationToken stoppingToken)
    {
        var nextCleanup = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
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
            // Without running fast-path workers nothing else would send fresh deliveries: no grace then.
            var freshCutoff = _fastPathRunning ? claimedAt - TimeSpan.FromMilliseconds(Math.Max(0, _options.FastPathGraceMs))
                : claimedAt + TimeSpan.FromDays(3650);
            ids = await WebhookClaimer.ClaimAsync(claimDb, claimedAt, lease, Math.Max(1, _options.BatchSize),
                Math.Max(1, _options.MaxPerChannel), freshCutoff, ct);
        }
        if (ids.Count == 0) return 0;
        await SendClaimedAsync(ids, claimedAt, lease, ct);
        return ids.Count;
    }

    private async Task SendClaimedAsync(IReadOnlyList<string> ids, DateTimeOffset claimedAt, TimeSpan lease, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
        var channels = await WebhookBatchPlanner.PlanAsync(db, ids, time, ct);
        await SendAllAsync(channels, claimedAt + lease, ct);
        await RecordAsync(db, channels);
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
            WebhookBatchPlanner.Complete(delivery, WebhookOutcomes.Succeeded, now);
            if (endpoint is not null) endpoint.FailingSince = null;
        }
        else if (endpoint is not null && result.StatusCode == 410)
        {
            WebhookBatchPlanner.Complete(delivery, WebhookOutcomes.Failed, now);
            await DisableAsync(db, endpoint, "gone", now, ct);
        }
        else
        {
            if (endpoint is not null) endpoint.FailingSince ??= now;
            if (endpoint?.FailingSince is { } since && now - since >= DisableAfter)
            {
                WebhookBatchPlanner.Complete(delivery, WebhookOutcomes.Failed, now);
                await DisableAsync(db, endpoint, "failing", now, ct);
            }
            else if (delivery.SingleAttempt
                || WebhookRetrySchedule.NextDelay(delivery.AttemptCount, result.RetryAfter, Random.Shared.NextDouble()) is not { } delay)
            {
                WebhookBatchPlanner.Complete(delivery, WebhookOutcomes.Failed, now);
            }
            else
            {
                delivery.NextAttemptAt = now + delay;
            }
        }
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
        foreach (var other in pending) WebhookBatchPlanner.Complete(other, WebhookOutcomes.Failed, now);
        await outbox.EnqueueExceptAsync(db, WebhookEventTypes.EndpointDisabled,
            new EndpointDisabledData(endpoint.Id, endpoint.Url, reason, endpoint.FailingSince), endpoint.OrganizationId, endpoint.Id, ct);
        LogDisabled(logger, endpoint.Id, reason);
    }

    /// <summary>Deletes finished deliveries (with their attempts) and then events past <c>Webhooks:RetentionDays</c>.</summary>
    public async Task CleanupAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
        await WebhookRetention.DeleteBeforeAsync(db, time.GetUtcNow() - TimeSpan.FromDays(Math.Max(1, _options.RetentionDays)), ct);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The webhook dispatcher loop failed; it continues after the poll interval")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The webhook fast path failed; the round loop delivers what it held")]
    private static partial void LogFastPathFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook endpoint {EndpointId} disabled: {Reason}")]
    private static partial void LogDisabled(ILogger logger, string endpointId, string reason);
}
