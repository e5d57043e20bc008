using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Switchboard.ControlPlane.Agents;

/// <summary>
/// Keeps <see cref="AgentReadCache"/> correct on every write path at once: any <c>SaveChanges</c> that adds, changes
/// or deletes an <see cref="Agent"/> or <see cref="AgentVersion"/> drops that agent's entry before and after the
/// save (after it is what matters: a read racing the write cannot re-fill the old row, see the cache's
/// generation). On PostgreSQL the same save also runs <c>pg_notify</c> in its transaction, so other nodes hear of
/// the change exactly when it commits and never of one that rolled back. Writes that bypass SaveChanges
/// (<c>ExecuteUpdate</c>, raw SQL) on agent tables must call <see cref="AgentReadCache.Invalidate"/> themselves;
/// there are none today. Thread-safe: per-save state is keyed by the context.
/// </summary>
internal sealed class AgentCacheInvalidator(AgentReadCache cache) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, PendingAgentChanges> _pending = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context && Collect(context.ChangeTracker) is { } keys)
        {
            Invalidate(keys);
            var owned = NeedsNotify(context) && context.Database.CurrentTransaction is null ? context.Database.BeginTransaction() : null;
            _pending.AddOrUpdate(context, new PendingAgentChanges(keys, owned));
            if (NeedsNotify(context))
            {
                foreach (var key in keys) context.Database.ExecuteSql($"SELECT pg_notify({AgentChangeListener.Channel}, {key.ToPayload()})");
            }
        }
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && Collect(context.ChangeTracker) is { } keys)
        {
            Invalidate(keys);
            var owned = NeedsNotify(context) && context.Database.CurrentTransaction is null
                ? await context.Database.BeginTransactionAsync(cancellationToken)
                : null;
            _pending.AddOrUpdate(context, new PendingAgentChanges(keys, owned));
            if (NeedsNotify(context))
            {
                foreach (var key in keys)
                    await context.Database.ExecuteSqlAsync($"SELECT pg_notify({AgentChangeListener.Channel}, {key.ToPayload()})", cancellationToken);
            }
        }
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (Take(eventData.Context) is { } pending)
        {
            try
            {
                pending.OwnedTransaction?.Commit();
            }
            finally
            {
                pending.OwnedTransaction?.Dispose();
                Invalidate(pending.Keys);
            }
        }
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (Take(eventData.Context) is { } pending)
        {
            try
            {
                // Not the request's token: once the rows are written, a client disconnect must not roll them back.
                if (pending.OwnedTransaction is { } tx) await tx.CommitAsync(CancellationToken.None);
            }
            finally
            {
                if (pending.OwnedTransaction is { } tx) await tx.DisposeAsync();
                Invalidate(pending.Keys);
            }
        }
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Abandon(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Abandon(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Abandon(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Abandon(eventData.Context);
        return Task.CompletedTask;
    }

    private void Abandon(DbContext? context)
    {
        if (Take(context) is not { } pending) return;
        // Disposing an uncommitted transaction rolls it back, with its notification.
        pending.OwnedTransaction?.Dispose();
        Invalidate(pending.Keys);
    }

    private PendingAgentChanges? Take(DbContext? context) =>
        context is not null && _pending.TryGetValue(context, out var pending) && _pending.Remove(context) ? pending : null;

    private static bool NeedsNotify(DbContext context) => context.Database.IsNpgsql();

    private void Invalidate(IReadOnlyList<AgentCacheKey> keys)
    {
        foreach (var key in keys) cache.Invalidate(key);
    }

    private static List<AgentCacheKey>? Collect(ChangeTracker tracker)
    {
        List<AgentCacheKey>? keys = null;
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            var key = entry.Entity switch
            {
                Agent a => new AgentCacheKey(a.OrganizationId, a.Id),
                AgentVersion v => new AgentCacheKey(v.OrganizationId, v.AgentId),
                _ => (AgentCacheKey?)null,
            };
            if (key is { } k && !(keys ??= []).Contains(k)) keys.Add(k);
        }
        return keys;
    }
}
