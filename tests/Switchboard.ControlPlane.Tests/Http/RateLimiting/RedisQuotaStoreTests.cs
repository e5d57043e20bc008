using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using Switchboard.ControlPlane.Http.RateLimiting;

namespace Switchboard.ControlPlane.Tests.Http.RateLimiting;

/// <summary>Runs against a real redis-server (see <see cref="RedisFactAttribute"/>).</summary>
public sealed class RedisQuotaStoreTests
{
    [RedisFact]
    public async Task Two_nodes_count_into_one_monthly_counter_that_expires_after_the_following_month()
    {
        await using var redis = RedisTestContext.Create();
        using var meters = new TestMeterFactory();
        var metrics = new RateLimitMetrics(meters);
        var connection = await redis.ConnectAsync();
        var nodeA = new RedisQuotaStore(connection, redis.Prefix, NullLogger<RedisQuotaStore>.Instance, metrics);
        var nodeB = new RedisQuotaStore(await redis.ConnectAsync(), redis.Prefix, NullLogger<RedisQuotaStore>.Instance, metrics);
        var month = new QuotaMonth(2026, 11);

        Assert.Equal(1, await nodeA.IncrementAsync("key_q", month, CancellationToken.None));
        Assert.Equal(2, await nodeB.IncrementAsync("key_q", month, CancellationToken.None));
        Assert.Equal(3, await nodeA.IncrementAsync("key_q", month, CancellationToken.None));
        Assert.Equal(1, await nodeB.IncrementAsync("key_q", new QuotaMonth(2026, 12), CancellationToken.None));
        Assert.Equal(3, await nodeB.GetAsync("key_q", month, CancellationToken.None));
        Assert.Equal(0, await nodeB.GetAsync("key_none", month, CancellationToken.None));

        var expireTime = await connection.GetDatabase().KeyExpireTimeAsync(nodeA.KeyFor("key_q", month));
        Assert.Equal(new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc), expireTime);
        Assert.Equal(0, meters.StoreFailures);
    }

    [RedisFact]
    public async Task Concurrent_increments_are_not_lost()
    {
        await using var redis = RedisTestContext.Create();
        using var meters = new TestMeterFactory();
        var store = new RedisQuotaStore(await redis.ConnectAsync(), redis.Prefix, NullLogger<RedisQuotaStore>.Instance, new RateLimitMetrics(meters));
        var month = new QuotaMonth(2026, 11);

        var counts = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => store.IncrementAsync("key_c", month, CancellationToken.None).AsTask()));

        Assert.Equal(Enumerable.Range(1, 300).Select(i => (long)i), counts.Order());
    }

    [Fact]
    public async Task Unreachable_redis_fails_open_with_a_warning_and_a_metric()
    {
        var options = new ConfigurationOptions
        {
            EndPoints = { "127.0.0.1:1" },
            AbortOnConnectFail = false,
            ConnectTimeout = 500,
            ConnectRetry = 0,
            BacklogPolicy = BacklogPolicy.FailFast,
        };
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        using var meters = new TestMeterFactory();
        var logger = new ListLogger<RedisQuotaStore>();
        var store = new RedisQuotaStore(connection, "sbtest:", logger, new RateLimitMetrics(meters));

        Assert.Equal(0, await store.IncrementAsync("key_down", new QuotaMonth(2026, 11), CancellationToken.None));

        Assert.Equal(1, meters.StoreFailures);
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal(4202, entry.Id.Id);
    }
}
