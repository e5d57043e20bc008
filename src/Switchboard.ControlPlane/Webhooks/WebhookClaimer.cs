using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.Data;

namespace Switchboard.ControlPlane.Webhooks;

/// <summary>
/// Claims due deliveries for this node, several per channel in one query. For each channel (an endpoint, or an
/// agent URL) the claim is always a <em>prefix</em> of its pending deliveries in event order (event time, then
/// id): the head and the deliveries right behind it, up to <c>Webhooks:MaxPerChannel</c>, stopping at the first
/// one that is not due or is leased by another claim. So nothing is ever claimed while an earlier pending delivery
/// of its channel is waiting for a retry or belongs to another node. On PostgreSQL several nodes share the work
/// through <c>FOR UPDATE SKIP LOCKED</c> and a re-check under the lock; SQLite is single-node and serializes
/// writers, so each claim is one <c>UPDATE … RETURNING</c> statement. The round loop claims by rank over every
/// pending row (<see cref="ClaimAsync"/>); the first-attempt fast path claims given ids (<see cref="ClaimFreshAsync"/>)
/// under the same rules and leases, so the two never hold the same row.
/// </summary>
internal static class WebhookClaimer
{
    // Every pending row is ranked inside its channel; a row is a candidate when it and all rows before it are
    // due and unleased, and not a first attempt created after {3} (those are the fast path's for a while). Taking candidates by rank first spreads a batch across channels before going deep.
    private const string Candidates = """
        SELECT c.id AS "Id", c.channel AS "Channel" FROM (
          SELECT d.id, d.channel, d.event_created_at,
            ROW_NUMBER() OVER (PARTITION BY d.channel ORDER BY d.event_created_at, d.id) AS pos,
            SUM(CASE WHEN d.next_attempt_at <= {0} AND (d.claimed_until IS NULL OR d.claimed_until <= {0})
              AND (d.attempt_count > 0 OR d.created_at <= {3}) THEN 0 ELSE 1 END)
              OVER (PARTITION BY d.channel ORDER BY d.event_created_at, d.id) AS blocked
          FROM webhook_deliveries d
          WHERE d.status = 'pending') c
        WHERE c.blocked = 0 AND c.pos <= {2}
        ORDER BY c.pos, c.event_created_at, c.id
        LIMIT {1}
        """;

    // PostgreSQL: lock what is still claimable and has no earlier pending row outside the candidate list.
    private const string LockCandidates = """
        SELECT d.id AS "Value" FROM webhook_deliveries d
        WHERE d.id = ANY({0}) AND d.status = 'pending' AND d.next_attempt_at <= {1}
          AND (d.claimed_until IS NULL OR d.claimed_until <= {1})
          AND NOT EXISTS (
            SELECT 1 FROM webhook_deliveries p
            WHERE p.channel = d.channel AND p.status = 'pending' AND NOT (p.id = ANY({0}))
              AND (p.event_created_at < d.event_created_at OR (p.event_created_at = d.event_created_at AND p.id < d.id)))
        FOR UPDATE OF d SKIP LOCKED
        """;

    // SQLite: the round's claim as one statement. A read followed by a write in one transaction would upgrade its lock
    // while the API and the fast path write too (a rollback-journal deadlock that only the busy timeout ends).
    private const string SqliteClaimRound = """
        UPDATE webhook_deliveries SET claimed_until = {4}
        WHERE id IN (SELECT "Id" FROM (
        """ + Candidates + """
        ))
        RETURNING id AS "Value"
        """;

    // Fast path, PostgreSQL: the given ids still pending, in channel order, for the lock query and KeepPrefixes.
    private const string FreshCandidates = """
        SELECT d.id AS "Id", d.channel AS "Channel" FROM webhook_deliveries d
        WHERE d.id = ANY({0}) AND d.status = 'pending'
        ORDER BY d.channel, d.event_created_at, d.id
        """;

    // Fast path, SQLite, one statement: a given row is claimed when it is claimable and every earlier pending row of its
    // channel is claimable in this same statement (a given id, due, unleased) — so the claim of a channel is a prefix.
    private const string SqliteClaimFresh = """
        UPDATE webhook_deliveries SET claimed_until = {2}
        WHERE id IN (SELECT value FROM json_each({0})) AND status = 'pending' AND next_attempt_at <= {1}
          AND (claimed_until IS NULL OR claimed_until <= {1})
          AND NOT EXISTS (
            SELECT 1 FROM webhook_deliveries p
            WHERE p.channel = webhook_deliveries.channel AND p.status = 'pending'
              AND (p.event_created_at < webhook_deliveries.event_created_at
                OR (p.event_created_at = webhook_deliveries.event_created_at AND p.id < webhook_deliveries.id))
              AND NOT (p.id IN (SELECT value FROM json_each({0})) AND p.next_attempt_at <= {1}
                AND (p.claimed_until IS NULL OR p.claimed_until <= {1})))
        RETURNING id AS "Value"
        """;

    /// <summary>
    /// The round's claim. First attempts of deliveries created after <paramref name="freshCutoff"/> are left alone
    /// (with everything behind them in their channel): the fast path is sending those.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ClaimAsync(SwitchboardDbContext db, DateTimeOffset now, TimeSpan lease, int batch,
        int perChannel, DateTimeOffset freshCutoff, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(perChannel, 1);
        if (db is not PostgresSwitchboardDbContext)
        {
            // SQLite stores times as UTC ticks (SqliteSwitchboardDbContext).
            return await db.Database.SqlQueryRaw<string>(SqliteClaimRound, now.UtcTicks, batch, perChannel, freshCutoff.UtcTicks,
                    (now + lease).UtcTicks)
                .ToListAsync(ct);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var candidates = await db.Database.SqlQueryRaw<WebhookClaimRow>(Candidates, now, batch, perChannel, freshCutoff).ToListAsync(ct);
        var ids = await LockAndLeaseAsync(db, candidates, now, lease, ct);
        await transaction.CommitAsync(ct);
        return ids;
    }

    /// <summary>
    /// The fast path's claim: of <paramref name="deliveryIds"/> (just committed on this node), those that are due,
    /// unleased and have no earlier pending delivery in their channel except other claimable ones of the same list.
    /// Anything else stays for the round loop. Cheap: primary-key lookups plus one index probe per row.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ClaimFreshAsync(SwitchboardDbContext db, IReadOnlyCollection<string> deliveryIds,
        DateTimeOffset now, TimeSpan lease, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(deliveryIds);
        if (deliveryIds.Count == 0) return [];
        var ids = deliveryIds.Distinct(StringComparer.Ordinal).ToArray();
        if (db is not PostgresSwitchboardDbContext)
        {
            var json = System.Text.Json.JsonSerializer.Serialize(ids);
            return await db.Database.SqlQueryRaw<string>(SqliteClaimFresh, json, now.UtcTicks, (now + lease).UtcTicks).ToListAsync(ct);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Wrapped: alone, the string[] would be taken as the params array itself (one parameter per id).
        var candidates = await db.Database.SqlQueryRaw<WebhookClaimRow>(FreshCandidates, new object[] { ids }).ToListAsync(ct);
        var claimed = await LockAndLeaseAsync(db, candidates, now, lease, ct);
        await transaction.CommitAsync(ct);
        return claimed;
    }

    // PostgreSQL, inside the caller's transaction: lock what can be taken, cut each channel at its first row that
    // cannot, and lease the rest.
    private static async Task<List<string>> LockAndLeaseAsync(SwitchboardDbContext db, List<WebhookClaimRow> candidates,
        DateTimeOffset now, TimeSpan lease, CancellationToken ct)
    {
        if (candidates.Count == 0) return [];
        var locked = (await db.Database.SqlQueryRaw<string>(LockCandidates, candidates.Select(c => c.Id).ToArray(), now).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        var ids = KeepPrefixes(candidates, locked);
        if (ids.Count > 0)
        {
            var until = now + lease;
            await db.WebhookDeliveries.IgnoreQueryFilters()
                .Where(d => ids.Contains(d.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntil, until), ct);
        }
        return ids;
    }

    /// <summary>
    /// Candidates arrive in channel order. A row skipped by SKIP LOCKED (another node holds it) ends its channel's
    /// claim: what follows it must wait for it.
    /// </summary>
    internal static List<string> KeepPrefixes(IReadOnlyList<WebhookClaimRow> candidates, IReadOnlySet<string> locked)
    {
        var broken = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<string>(locked.Count);
        foreach (var row in candidates)
        {
            if (broken.Contains(row.Channel)) continue;
            if (locked.Contains(row.Id)) kept.Add(row.Id);
            else broken.Add(row.Channel);
        }
        return kept;
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
