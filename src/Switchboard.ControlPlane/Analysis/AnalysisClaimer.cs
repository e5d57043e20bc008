using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.Data;

namespace Switchboard.ControlPlane.Analysis;

/// <summary>
/// Claims due analysis jobs for this node: pending, due, and not leased by another claim. On PostgreSQL several nodes
/// share the work through <c>FOR UPDATE SKIP LOCKED</c>; SQLite is single-node and serializes writers, so the query inside
/// one transaction suffices. The lease (<c>claimed_until</c>) keeps a claimed job from being taken again while it runs,
/// and frees it if this node dies.
/// </summary>
internal static class AnalysisClaimer
{
    private const string Due = """
        SELECT a.call_id AS "Value" FROM call_analyses a
        WHERE a.status = 'pending' AND a.next_attempt_at <= {0} AND (a.claimed_until IS NULL OR a.claimed_until <= {0})
        ORDER BY a.next_attempt_at, a.call_id
        LIMIT {1}
        """;

    public static async Task<IReadOnlyList<string>> ClaimAsync(SwitchboardDbContext db, DateTimeOffset now, TimeSpan lease, int batch,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var ids = db is PostgresSwitchboardDbContext
            ? await db.Database.SqlQueryRaw<string>(Due + "\nFOR UPDATE OF a SKIP LOCKED", now, batch).ToListAsync(ct)
            // SQLite stores times as UTC ticks (SqliteSwitchboardDbContext).
            : await db.Database.SqlQueryRaw<string>(Due, now.UtcTicks, batch).ToListAsync(ct);
        if (ids.Count > 0)
        {
            var until = now + lease;
            await db.CallAnalyses.IgnoreQueryFilters()
                .Where(a => ids.Contains(a.CallId))
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.ClaimedUntil, until), ct);
        }
        await transaction.CommitAsync(ct);
        return ids;
    }

    /// <summary>
    /// SQLite only: a restarted single node owns every claim, including those its previous process died holding, so they
    /// are released at once rather than after the lease.
    /// </summary>
    public static Task ReleaseAllAsync(SwitchboardDbContext db, CancellationToken ct) =>
        db is PostgresSwitchboardDbContext
            ? Task.CompletedTask
            : db.CallAnalyses.IgnoreQueryFilters()
                .Where(a => a.ClaimedUntil != null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.ClaimedUntil, (DateTimeOffset?)null), ct);
}
