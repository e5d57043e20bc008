using Microsoft.Extensions.Logging;
using Switchboard.ControlPlane.Data;

namespace Switchboard.ControlPlane.Webhooks;

// The first-attempt fast path: one worker per lane of WebhookSignal, next to the round loop.
internal sealed partial class WebhookDispatcher
{
    /// <summary>
    /// One fast-path worker: waits for deliveries this node just committed to the channels of its lane, takes what is
    /// queued (up to <c>Webhooks:BatchSize</c>) and sends it at once, while the round loop goes on with everything else.
    /// </summary>
    private async Task RunFastPathLoopAsync(int lane, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var ids = new List<string>();
        var deferred = new List<string>();
        // Ids this worker could not claim yet, with when that first happened: most wait for an earlier delivery of the
        // same channel whose commit was offered a moment later (concurrent saves can offer out of commit order), so
        // they are tried again with the next batch rather than left to the round loop's grace.
        var carried = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (carried.Count == 0)
                {
                    if (!await signal.WaitForFreshAsync(lane, stoppingToken)) return;
                }
                else
                {
                    await Task.WhenAny(signal.WaitForFreshAsync(lane, stoppingToken).AsTask(), Task.Delay(CarryRetry, time, stoppingToken));
                    stoppingToken.ThrowIfCancellationRequested();
                }
                ids.Clear();
                ids.AddRange(carried.Keys);
                signal.TakeFresh(lane, ids, Math.Max(1, _options.BatchSize));
                deferred.Clear();
                await RunFastAsync(ids, deferred, stoppingToken);
                Carry(carried, deferred);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Whatever this batch held is still pending in the database: the round loop delivers it.
                LogFastPathFailed(logger, ex);
                carried.Clear();
                signal.Notify();
            }
        }
    }

    /// <summary>Keeps the deferred ids for another try until <see cref="CarryLimit"/>; older ones are the round loop's.</summary>
    private void Carry(Dictionary<string, DateTimeOffset> carried, List<string> deferred)
    {
        var now = time.GetUtcNow();
        var kept = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var id in deferred)
        {
            var since = carried.TryGetValue(id, out var first) ? first : now;
            if (now - since < CarryLimit && kept.Count < Math.Max(1, _options.BatchSize)) kept[id] = since;
        }
        carried.Clear();
        foreach (var (id, since) in kept) carried[id] = since;
    }

    /// <summary>Runs the fast path once over what is queued now (tests drive it by hand with the loops off).</summary>
    public async Task<int> RunFastOnceAsync(CancellationToken ct)
    {
        var ids = new List<string>();
        signal.TakeFresh(ids, Math.Max(1, _options.BatchSize));
        return await RunFastAsync(ids, ct);
    }

    /// <summary>
    /// The first-attempt fast path for deliveries this node just committed: claims those of <paramref name="ids"/>
    /// that head their channel (by id, through the same leases as the round loop), then sends and records them like a
    /// round. The rest — behind an earlier pending delivery, already taken, not committed yet — stay in the database
    /// for the round loop. Returns how many deliveries were claimed.
    /// </summary>
    public Task<int> RunFastAsync(IReadOnlyCollection<string> ids, CancellationToken ct) => RunFastAsync(ids, null, ct);

    private async Task<int> RunFastAsync(IReadOnlyCollection<string> ids, List<string>? deferred, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0) return 0;
        var seen = Volatile.Read(ref _deferrals);
        try
        {
            var claimedAt = time.GetUtcNow();
            var lease = TimeSpan.FromSeconds(_options.LeaseSeconds);
            IReadOnlyList<string> claimed;
            await using (var claimScope = scopes.CreateAsyncScope())
            {
                var claimDb = claimScope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
                claimed = await WebhookClaimer.ClaimFreshAsync(claimDb, ids, claimedAt, lease, ct);
            }
            if (claimed.Count < ids.Count)
            {
                Interlocked.Increment(ref _deferrals);
                if (deferred is not null)
                {
                    var taken = claimed.ToHashSet(StringComparer.Ordinal);
                    deferred.AddRange(ids.Where(id => !taken.Contains(id)));
                }
            }
            if (claimed.Count > 0) await SendClaimedAsync(claimed, claimedAt, lease, ct);
            return claimed.Count;
        }
        finally
        {
            // A delivery left behind may be waiting for one this path (any worker) is sending; it becomes claimable
            // when that batch is recorded. Every batch that overlapped a deferral — the deferring one included —
            // wakes the round loop when it ends, so the last of them does it after the blocker is recorded.
            if (Volatile.Read(ref _deferrals) != seen) signal.Notify();
        }
    }
}
