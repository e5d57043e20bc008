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
/// writers. On both, each claim is one <c>UPDATE … RETURNING</c> statement. The round loop claims by rank over every
/// pending row (<see cref="ClaimAsync"/>); the first-attempt fast path claims given ids (<see cref="ClaimFreshAsync"/>)
/// under the same rules and leases, so the two never hold the same row.
/// </summary>
internal static class WebhookClaimer
{
    // Every pending row is ranked inside its channel; a row is a candidate when it and all rows before it are
    // due and unleased, and not a first attempt created after {3} (those are the fast path's for a while). Taking candidates by rank first spreads a batch across channels before going deep.
    private const string Candidates = """
        SELECT c.id AS "Id", c.channel AS "Channel", c.event_created_at AS "EventCreatedAt" FROM (
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

    // PostgreSQL, the tail of one statement after a `cand` CTE (id, channel, event_created_at): lock what is still
    // claimable and has no earlier pending row outside the candidates, cut each channel at its first candidate that could
    // not be locked (another node holds it, or it stopped being claimable), and lease the rest. One statement is one
    // round trip: the claim was four (candidates, lock, lease, commit), each a wait for the database under load.
    private const string PostgresLockAndLease = """
        , locked AS (
          SELECT d.id FROM webhook_deliveries d
          WHERE d.id IN (SELECT id FROM cand) AND d.status = 'pending' AND d.next_attempt_at <= {now}
            AND (d.claimed_until IS NULL OR d.claimed_until <= {now})
            AND NOT EXISTS (
              SELECT 1 FROM webhook_deliveries p
              WHERE p.channel = d.channel AND p.status = 'pending' AND p.id NOT IN (SELECT id FROM cand)
                AND (p.event_created_at < d.event_created_at OR (p.event_created_at = d.event_created_at AND p.id < d.id)))
          FOR UPDATE OF d SKIP LOCKED),
        kept AS (
          SELECT c.id FROM cand c
          WHERE c.id IN (SELECT id FROM locked) AND NOT EXISTS (
            SELECT 1 FROM cand g
            WHERE g.channel = c.channel AND g.id NOT IN (SELECT id FROM locked)
              AND (g.event_created_at < c.event_created_at OR (g.event_created_at = c.event_created_at AND g.id < c.id))))
        UPDATE webhook_deliveries w SET claimed_until = {until} FROM kept WHERE w.id = kept.id
        RETURNING w.id AS "Value"
        """;

    private static readonly string PostgresClaimRound = """
        WITH cand AS (SELECT x."Id" AS id, x."Channel" AS channel, x."EventCreatedAt" AS event_created_at FROM (
        """ + Candidates + """
        ) x)
        """ + PostgresLockAndLease.Replace("{now}", "{0}", StringComparison.Ordinal).Replace("{until}", "{4}", StringComparison.Ordinal);

    // Fast path: the given ids still pending are the candidates.
    private static readonly string PostgresClaimFresh = """
        WITH cand AS (SELECT d.id, d.channel, d.event_created_at FROM webhook_deliveries d WHERE d.id = ANY({0}) AND d.status = 'pending')
        """ + PostgresLockAndLease.Replace("{now}", "{1}", StringComparison.Ordinal).Replace("{until}", "{2}", StringComparison.Ordinal);

    // SQLite: the round's claim as one statement. A read followed by a write in one transaction would upgrade its lock
    // while the API and the fast path write too (a rollback-journal deadlock that only the busy timeout ends).
    private const string SqliteClaimRound = """
        UPDATE webhook_deliveries SET claimed_until = {4}
        WHERE id IN (SELECT "Id" FROM (
        """ + Candidates + """
        ))
        RETURNING id AS "Value"
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
        return await db.Database.SqlQueryRaw<string>(PostgresClaimRound, now, batch, perChannel, freshCutoff, now + lease).ToListAsync(ct);
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
        return await db.Database.SqlQueryRaw<string>(PostgresClaimFresh, ids, now, now + lease).ToListAsync(ct);
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
