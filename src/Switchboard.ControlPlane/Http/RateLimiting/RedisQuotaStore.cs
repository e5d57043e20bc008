using System.Globalization;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Switchboard.ControlPlane.Http.RateLimiting;

/// <summary>Monthly quota counters in Redis, shared by every node.</summary>
/// <remarks>
/// Thread-safe singleton; does not own the connection. One round trip per increment: INCR and EXPIREAT in a
/// MULTI/EXEC transaction. The key expires at the end of the month after the counted one, so last month's
/// usage remains readable for a month. On a Redis failure it fails open (returns 0, logs a warning, increments
/// <c>switchboard.ratelimit.store_failures</c>) for the same reason as <see cref="RedisRateLimitStore"/>.
/// </remarks>
internal sealed class RedisQuotaStore : IQuotaStore
{
    private readonly IConnectionMultiplexer _connection;
    private readonly string _keyPrefix;
    private readonly ILogger _logger;
    private readonly RateLimitMetrics _metrics;

    /// <summary>Creates a store over an existing connection.</summary>
    /// <param name="connection">Shared Redis connection; not disposed by this store.</param>
    /// <param name="keyPrefix">Prefix for every key, e.g. <c>switchboard:</c>.</param>
    /// <param name="logger">Receives the fail-open warnings.</param>
    /// <param name="metrics">Receives the fail-open counter.</param>
    public RedisQuotaStore(IConnectionMultiplexer connection, string keyPrefix, ILogger<RedisQuotaStore> logger, RateLimitMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(metrics);
        _connection = connection;
        _keyPrefix = keyPrefix;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>The Redis key holding a counter (exposed for tests).</summary>
    internal RedisKey KeyFor(string keyId, QuotaMonth month) =>
        string.Create(CultureInfo.InvariantCulture, $"{_keyPrefix}quota:{month}:{keyId}");

    /// <summary>When a month's counter expires: the end of the following month.</summary>
    internal static DateTimeOffset ExpiryFor(QuotaMonth month) => month.EndUtc.AddMonths(1);

    /// <inheritdoc/>
    public async ValueTask<long> IncrementAsync(string keyId, QuotaMonth month, CancellationToken cancellationToken)
    {
        InMemoryQuotaStore.Validate(keyId);
        cancellationToken.ThrowIfCancellationRequested();
        var key = KeyFor(keyId, month);
        try
        {
            var transaction = _connection.GetDatabase().CreateTransaction();
            var increment = transaction.StringIncrementAsync(key);
            var expire = transaction.KeyExpireAsync(key, ExpiryFor(month).UtcDateTime);
            await transaction.ExecuteAsync().WaitAsync(cancellationToken);
            await expire;
            return await increment;
        }
        // A transaction that never reached EXEC cancels its queued commands, hence TaskCanceledException.
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException
            || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            RateLimitLog.QuotaFailedOpen(_logger, ex);
            _metrics.StoreFailed("quota");
            return 0;
        }
    }

    /// <inheritdoc/>
    public async ValueTask<long> GetAsync(string keyId, QuotaMonth month, CancellationToken cancellationToken)
    {
        InMemoryQuotaStore.Validate(keyId);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var value = await _connection.GetDatabase().StringGetAsync(KeyFor(keyId, month)).WaitAsync(cancellationToken);
            return value.IsNull ? 0 : (long)value;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            RateLimitLog.QuotaFailedOpen(_logger, ex);
            _metrics.StoreFailed("quota");
            return 0;
        }
    }
}
