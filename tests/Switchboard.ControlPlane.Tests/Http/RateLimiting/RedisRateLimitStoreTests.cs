using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Switchboard.ControlPlane.Http.RateLimiting;

namespace Switchboard.ControlPlane.Tests.Http.RateLimiting;

/// <summary>Runs against a real redis-server (see <see cref="RedisFactAttribute"/>).</summary>
public sealed class RedisRateLimitStoreTests
{
    private static readonly RateLimitRule FivePerMinute = new("perkey", 5, TimeSpan.FromMinutes(1));

    [RedisFact]
    public async Task Two_nodes_share_one_limit()
    {
        await using var redis = RedisTestContext.Create();
        using var meters = new TestMeterFactory();
        var metrics = new RateLimitMetrics(meters);
        var nodeA = new RedisRateLimitStore(await redis.ConnectAsync(), redis.Prefix, NullLogger<RedisRateLimitStore>.Instance, metrics);
        var nodeB = new RedisRateLimitStore(await redis.ConnectAsync(), redis.Prefix, NullLogger<RedisRateLimitStore>.Instance, metrics);

        var remaining = new List<long>();
        for (int i = 0; i < 5; i++)
        {
            var node = i % 2 == 0 ? nodeA : nodeB;
            var decision = await node.AcquireAsync(FivePerMinute, "key:key_shared", CancellationToken.None);
            Assert.True(decision.IsAllowed);
            remaining.Add(decision.Remaining);
        }

        Assert.Equal([4L, 3, 2, 1, 0], remaining);
        var deniedA = await nodeA.AcquireAsync(FivePerMinute, "key:key_shared", CancellationToken.None);
        var deniedB = await nodeB.AcquireAsync(FivePerMinute, "key:key_shared", CancellationToken.None);
        Assert.False(deniedA.IsAllowed);
        Assert.False(deniedB.IsAllowed);
        Assert.False(deniedA.IsFailOpen);

        // Redis TIME drives the clock: the wait is the 12 s interval minus the (small) real time elapsed.
        Assert.InRange(deniedB.RetryAfter, TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(12));
        Assert.Equal(0, meters.StoreFailures);
    }

    [RedisFact]
    public async Task Concurrent_nodes_never_exceed_the_limit()
    {
        await using var redis = RedisTestContext.Create();
        using var meters = new TestMeterFactory();
        var metrics = new RateLimitMetrics(meters);
        var nodes = new[]
        {
            new RedisRateLimitStore(await redis.ConnectAsync(), redis.Prefix, NullLogger<RedisRateLimitStore>.Instance, metrics),
            new RedisRateLimitStore(await redis.ConnectAsync(), redis.Prefix, NullLogger<RedisRateLimitStore>.Instance, metrics),
        };
        var rule = new RateLimitRule("perorg", 40, TimeSpan.FromMinutes(10));

        var tasks = Enumerable.Range(0, 200)
            .Select(i => nodes[i % 2].AcquireAsync(rule, "org:org_busy", CancellationToken.None).AsTask());
        var decisions = await Task.WhenAll(tasks);

        Assert.Equal(40, decisions.Count(d => d.IsAllowed));
        Assert.Equal(0, meters.StoreFailures);
    }

    [RedisFact]
    public async Task Same_sequence_gives_the_same_decisions_as_the_in_memory_store()
    {
        await using var redis = RedisTestContext.Create();
        using var meters = new TestMeterFactory();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero));
        var memory = new InMemoryRateLimitStore(time);
        var remote = new RedisRateLimitStore(await redis.ConnectAsync(), redis.Prefix, NullLogger.Instance, new RateLimitMetrics(meters), time);
        var rule = new RateLimitRule("perkey", 7, TimeSpan.FromMinutes(1));

        // Bursts, partial refills, sub-interval steps and a full idle window.
        long[] stepsMicroseconds = [0, 0, 0, 0, 0, 0, 0, 0, 0, 3_000_000, 5_571_429, 1, 1_234_567, 8_571_428, 0, 0, 60_000_000, 0, 0, 999, 0, 0, 0, 0, 0, 0, 0];
        foreach (long step in stepsMicroseconds)
        {
            time.Advance(TimeSpan.FromTicks(step * TimeSpan.TicksPerMicrosecond));
            var expected = await memory.AcquireAsync(rule, "key:key_x", CancellationToken.None);
            var actual = await remote.AcquireAsync(rule, "key:key_x", CancellationToken.None);
            Assert.Equal(expected, actual);
        }
    }

    [RedisFact]
    public async Task Keys_carry_a_ttl_of_the_time_until_the_bucket_refills()
    {
        await using var redis = RedisTestContext.Create();
        using var meters = new TestMeterFactory();
        var connection = await redis.ConnectAsync();
        var store = new RedisRateLimitStore(connection, redis.Prefix, NullLogger<RedisRateLimitStore>.Instance, new RateLimitMetrics(meters));
        var key = store.KeyFor(FivePerMinute, "key:key_ttl");
        var database = connection.GetDatabase();

        await store.AcquireAsync(FivePerMinute, "key:key_ttl", CancellationToken.None);
        var firstTtl = await database.KeyTimeToLiveAsync(key);
        Assert.NotNull(firstTtl);
        Assert.InRange(firstTtl.Value, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(12));

        for (int i = 0; i < 4; i++)
        {
            await store.AcquireAsync(FivePerMinute, "key:key_ttl", CancellationToken.None);
        }

        var fullTtl = await database.KeyTimeToLiveAsync(key);
        Assert.NotNull(fullTtl);
        Assert.InRange(fullTtl.Value, TimeSpan.FromSeconds(55), TimeSpan.FromSeconds(60));

        // The stored value is the TAT as an exact integer (microseconds since the Unix epoch).
        var stored = (string?)await database.StringGetAsync(key);
        Assert.Matches("^[0-9]{16}$", stored);
    }

    [RedisFact]
    public async Task Expired_key_means_a_fresh_bucket()
    {
        await using var redis = RedisTestContext.Create();
        using var meters = new TestMeterFactory();
        var connection = await redis.ConnectAsync();
        var store = new RedisRateLimitStore(connection, redis.Prefix, NullLogger<RedisRateLimitStore>.Instance, new RateLimitMetrics(meters));
        for (int i = 0; i < 6; i++)
        {
            await store.AcquireAsync(FivePerMinute, "key:key_exp", CancellationToken.None);
        }

        // Expiry itself is Redis's job; what matters is that a vanished key behaves as a full bucket.
        await connection.GetDatabase().KeyDeleteAsync(store.KeyFor(FivePerMinute, "key:key_exp"));
        var decision = await store.AcquireAsync(FivePerMinute, "key:key_exp", CancellationToken.None);
        Assert.True(decision.IsAllowed);
        Assert.Equal(4, decision.Remaining);
    }

    [RedisFact]
    public async Task Script_flush_falls_back_to_eval_and_reloads_the_script()
    {
        await using var redis = RedisTestContext.Create();
        using var meters = new TestMeterFactory();
        var connection = await redis.ConnectAsync();
        var store = new RedisRateLimitStore(connection, redis.Prefix, NullLogger<RedisRateLimitStore>.Instance, new RateLimitMetrics(meters));
        var server = connection.GetServer(connection.GetEndPoints()[0]);

        await server.ScriptFlushAsync();
        var decision = await store.AcquireAsync(FivePerMinute, "key:key_flush", CancellationToken.None);

        Assert.True(decision.IsAllowed);
        Assert.False(decision.IsFailOpen);
        var sha = new RedisLuaScript(RedisRateLimitStore.AcquireScriptSource).Sha1Hex;
        var exists = await connection.GetDatabase().ExecuteAsync("SCRIPT", "EXISTS", sha);
        Assert.Equal(1, (long)((RedisResult[])exists!)[0]);
        Assert.Equal(0, meters.StoreFailures);
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
        var logger = new ListLogger<RedisRateLimitStore>();
        var store = new RedisRateLimitStore(connection, "sbtest:", logger, new RateLimitMetrics(meters));

        var decision = await store.AcquireAsync(FivePerMinute, "key:key_down", CancellationToken.None);

        Assert.True(decision.IsAllowed);
        Assert.True(decision.IsFailOpen);
        Assert.Equal(1, meters.StoreFailures);
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal(4201, entry.Id.Id);
        Assert.Contains("perkey", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("key_down", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_partition_is_rejected_before_any_io()
    {
        var options = new ConfigurationOptions { EndPoints = { "127.0.0.1:1" }, AbortOnConnectFail = false, ConnectTimeout = 500 };
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        using var meters = new TestMeterFactory();
        var store = new RedisRateLimitStore(connection, "sbtest:", NullLogger<RedisRateLimitStore>.Instance, new RateLimitMetrics(meters));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.AcquireAsync(FivePerMinute, "key:\nx", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.AcquireAsync(null!, "key:x", CancellationToken.None));
        Assert.Equal(0, meters.StoreFailures);
    }

    [Fact]
    public void Keys_are_unambiguous_when_policy_names_contain_separators()
    {
        var options = new ConfigurationOptions { EndPoints = { "127.0.0.1:1" }, AbortOnConnectFail = false };
        using var connection = ConnectionMultiplexer.Connect(options);
        using var meters = new TestMeterFactory();
        var store = new RedisRateLimitStore(connection, "p:", NullLogger<RedisRateLimitStore>.Instance, new RateLimitMetrics(meters));
        var a = store.KeyFor(new RateLimitRule("a:b", 1, TimeSpan.FromSeconds(1)), "c");
        var b = store.KeyFor(new RateLimitRule("a", 1, TimeSpan.FromSeconds(1)), "b:c");
        Assert.NotEqual(a, b);
        Assert.Equal("p:rl:3:a:b:c", a.ToString());
    }
}
