using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.Data;

namespace Switchboard.ControlPlane.Webhooks;

/// <summary>
/// Claims due deliveries for this node. A delivery is claimable when it is pending, due, not leased by a live
/// claim, and it is the oldest pending delivery of its channel (by event time, then id): an endpoint never gets
/// an event before the earlier ones are delivered or given up. On PostgreSQL several nodes share the work through
/// <c>FOR UPDATE SKIP LOCKED</c>; SQLite is single-node and serializes writers, so one transaction suffices.
/// </summary>
internal static class WebhookClaimer
{
    private const string Eligible = """
        FROM webhook_deliveries d
        WHERE d.status = 'pending' AND d.next_attempt_at <= {0}
          AND (d.claimed_until IS NULL OR d.claimed_until <= {0})
          AND NOT EXISTS (
            SELECT 1 FROM webhook_deliveries p
            WHERE p.channel = d.channel AND p.status = 'pending'
              AND (p.event_created_at < d.event_created_at OR (p.event_created_at = d.event_created_at AND p.id < d.id)))
        ORDER BY d.next_attempt_at
        LIMIT {1}
        """;

    public static async Task<IReadOnlyList<string>> ClaimAsync(SwitchboardDbContext db, DateTimeOffset now, TimeSpan lease, int batch, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        List<string> ids;
        if (db is PostgresSwitchboardDbContext)
        {
            ids = await db.Database.SqlQueryRaw<string>("SELECT d.id AS \"Value\" " + Eligible + " FOR UPDATE OF d SKIP LOCKED", now, batch)
                .ToListAsync(ct);
        }
        else
        {
            // SQLite stores times as UTC ticks (SqliteSwitchboardDbContext).
            ids = await db.Database.SqlQueryRaw<string>("SELECT d.id AS \"Value\" " + Eligible, now.UtcTicks, batch).ToListAsync(ct);
        }
        if (ids.Count > 0)
        {
            var until = now + lease;
            await db.WebhookDeliveries.IgnoreQueryFilters()
                .Where(d => ids.Contains(d.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntil, until), ct);
        }
        await transaction.CommitAsync(ct);
        return ids;
    }

    /// <summary>
    /// SQLite only: a restarted single node owns every claim, including those its previous process died holding,
    /// so they are released at once rather than after the lease.
    /// </summary>
    public static Task ReleaseAllAsync(SwitchboardDbContext db, CancellationToken ct) =>
        db is PostgresSwitchboardDbContext
            ? Task.CompletedTask
            : db.WebhookDeliveries.IgnoreQueryFilters()
                .Where(d => d.ClaimedUntil != null)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntil, (DateTimeOffset?)null), ct);
}
