using System.Globalization;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Switchboard.ControlPlane.Http.RateLimiting;

/// <summary>
/// Rate-limit counters in Redis, so that every node behind the load balancer enforces one shared limit.
/// </summary>
/// <remarks>
/// <para>Thread-safe; register as a singleton. Does not own the <see cref="IConnectionMultiplexer"/>.</para>
/// <para>
/// One round trip per decision: a Lua script (EVALSHA, EVAL on NOSCRIPT) reads and advances the partition's GCRA
/// state atomically. The current time comes from Redis <c>TIME</c> inside the script, so nodes whose clocks
/// disagree still agree on every decision; Redis 5+ replicates script effects, so a non-deterministic command
/// before a write is allowed. Each key carries a TTL equal to the time until its bucket refills, after which its
/// state is indistinguishable from an absent key.
/// </para>
/// <para>
/// When Redis is unreachable or times out the store fails open: the request is allowed, a warning is logged and
/// <c>switchboard.ratelimit.store_failures</c> is incremented. Rate limits protect capacity; an outage of the
/// limiter's store should not become an outage of the whole API. The returned decision has
/// <see cref="RateLimitDecision.IsFailOpen"/> set so no misleading headers are sent.
/// </para>
/// </remarks>
internal sealed class RedisRateLimitStore : IRateLimitStore
{
    // Mirrors Gcra.TryAcquire exactly. ARGV[3] (a caller-supplied clock) exists only for tests that compare
    // this store against the in-memory one on virtual time; production never passes it.
    // string.format('%d') keeps the TAT an exact integer string (Lua numbers are doubles; < 2^53 is exact).
    internal const string AcquireScriptSource = """
        local now
        if ARGV[3] then
          now = tonumber(ARGV[3])
        else
          local t = redis.call('TIME')
          now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        end
        local interval = tonumber(ARGV[1])
        local capacity = interval * tonumber(ARGV[2])
        local tat = tonumber(redis.call('GET', KEYS[1]) or now)
        if tat < now then tat = now end
        local allowed = 0
        if tat + interval - now <= capacity then
          tat = tat + interval
          allowed = 1
          redis.call('SET', KEYS[1], string.format('%d', tat), 'PX', string.format('%d', math.ceil((tat - now) / 1000)))
        end
        return {allowed, tat - now}
        """;

    private static readonly RedisLuaScript AcquireScript = new(AcquireScriptSource);

    private readonly IConnectionMultiplexer _connection;
    private readonly string _keyPrefix;
    private readonly ILogger _logger;
    private readonly RateLimitMetrics _metrics;
    private readonly TimeProvider? _clientClock;

    /// <summary>Creates a store over an existing connection.</summary>
    /// <param name="connection">Shared Redis connection; not disposed by this store.</param>
    /// <param name="keyPrefix">Prefix for every key, e.g. <c>switchboard:</c>; lets several deployments share a server.</param>
    /// <param name="logger">Receives the fail-open warnings.</param>
    /// <param name="metrics">Receives the fail-open counter.</param>
    public RedisRateLimitStore(IConnectionMultiplexer connection, string keyPrefix, ILogger<RedisRateLimitStore> logger, RateLimitMetrics metrics)
        : this(connection, keyPrefix, logger, metrics, clientClock: null)
    {
    }

    /// <summary>Test seam: <paramref name="clientClock"/> replaces Redis <c>TIME</c> so runs can use virtual time.</summary>
    internal RedisRateLimitStore(IConnectionMultiplexer connection, string keyPrefix, ILogger logger, RateLimitMetrics metrics, TimeProvider? clientClock)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(metrics);
        _connection = connection;
        _keyPrefix = keyPrefix;
        _logger = logger;
        _metrics = metrics;
        _clientClock = clientClock;
    }

    /// <summary>The Redis key holding a partition's state (exposed for tests).</summary>
    internal RedisKey KeyFor(RateLimitRule rule, string partitionKey) =>
        // The name's length makes the key unambiguous even if a policy name contains ':'.
        string.Create(CultureInfo.InvariantCulture, $"{_keyPrefix}rl:{rule.Name.Length}:{rule.Name}:{partitionKey}");

    /// <inheritdoc/>
    public async ValueTask<RateLimitDecision> AcquireAsync(RateLimitRule rule, string partitionKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        RateLimitPartitions.Validate(partitionKey);
        cancellationToken.ThrowIfCancellationRequested();

        RedisValue[] args = _clientClock is null
            ? [rule.EmissionIntervalMicroseconds, rule.PermitLimit]
            : [rule.EmissionIntervalMicroseconds, rule.PermitLimit, (_clientClock.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond];

        try
        {
            var database = _connection.GetDatabase();
            var result = await AcquireScript.EvaluateAsync(database, [KeyFor(rule, partitionKey)], args)
                .WaitAsync(cancellationToken);
            var reply = (RedisResult[])result!;
            bool allowed = (long)reply[0] == 1;
            long backlog = (long)reply[1];
            return Gcra.ToDecision(rule, allowed, backlog);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            RateLimitLog.AcquireFailedOpen(_logger, rule.Name, ex);
            _metrics.StoreFailed("acquire");
            return RateLimitDecision.FailOpen(rule);
        }
    }
}
