using System.Net;
using StackExchange.Redis;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests;

/// <summary>Each test starts its own server with small limits, so counts are exact and tests do not interfere.</summary>
public sealed class RateLimitTests
{
    private static Dictionary<string, string?> Limits(int key = 1000, int org = 1000, int ip = 1000, string? redis = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Switchboard:RateLimits:PerKeyPerMinute"] = key.ToString(),
            ["Switchboard:RateLimits:PerOrganizationPerMinute"] = org.ToString(),
            ["Switchboard:RateLimits:PerIpPerMinute"] = ip.ToString(),
        };
        if (redis is not null) settings["ConnectionStrings:Redis"] = redis;
        return settings;
    }

    private static async Task AssertThrottledAsync(HttpResponseMessage response, string policy, string code = "rate_limited")
    {
        var problem = await response.ProblemAsync(429, code);
        var retryAfter = int.Parse(response.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, code == "rate_limited" ? 60 : 31 * 24 * 3600);
        if (code == "rate_limited")
        {
            Assert.Contains($"\"{policy}\";q=", response.Headers.GetValues("RateLimit-Policy").Single(), StringComparison.Ordinal);
            Assert.StartsWith($"\"{policy}\";r=0;t=", response.Headers.GetValues("RateLimit").Single(), StringComparison.Ordinal);
        }
        Assert.NotNull(problem["detail"]);
    }

    [Fact]
    public async Task Per_key_limit_uses_the_keys_own_setting()
    {
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite, Limits());
        var key = await server.CreateKeyAsync(ratePerMinute: 3);
        for (var i = 0; i < 3; i++)
        {
            var ok = await key.Client.GetAsync("/api/v1/agents");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.StartsWith($"\"key\";r={2 - i};t=", ok.Headers.GetValues("RateLimit").Single(), StringComparison.Ordinal);
        }
        await AssertThrottledAsync(await key.Client.GetAsync("/api/v1/agents"), "key");

        // Another key of the same organization is not affected.
        var other = await server.CreateKeyAsync();
        Assert.Equal(HttpStatusCode.OK, (await other.Client.GetAsync("/api/v1/agents")).StatusCode);
    }

    [Fact]
    public async Task Per_organization_limit_spans_its_keys()
    {
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite, Limits(org: 4));
        var a = await server.CreateKeyAsync(organization: "shared-org");
        var b = await server.CreateKeyAsync(organization: "shared-org");
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await a.Client.GetAsync("/api/v1/agents")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await b.Client.GetAsync("/api/v1/agents")).StatusCode);
        }
        await AssertThrottledAsync(await a.Client.GetAsync("/api/v1/agents"), "org");
        await AssertThrottledAsync(await b.Client.GetAsync("/api/v1/agents"), "org");
        var elsewhere = await server.CreateKeyAsync();
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.Client.GetAsync("/api/v1/agents")).StatusCode);
    }

    [Fact]
    public async Task Unauthenticated_traffic_is_limited_per_client_ip()
    {
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite, Limits(ip: 2));
        var anonymous = server.CreateClient();
        await (await anonymous.GetAsync("/api/v1/agents")).ProblemAsync(401, "missing_api_key");
        await (await anonymous.GetAsync("/api/v1/agents")).ProblemAsync(401, "missing_api_key");
        await AssertThrottledAsync(await anonymous.GetAsync("/api/v1/agents"), "ip");
        // Guessing keys is unauthenticated traffic too.
        await AssertThrottledAsync(await server.CreateClient(Support.KeyFactory.WellFormedUnknownKey()).GetAsync("/api/v1/agents"), "ip");
        // Probes are never throttled.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        // A valid key is on its own limits.
        var key = await server.CreateKeyAsync();
        Assert.Equal(HttpStatusCode.OK, (await key.Client.GetAsync("/api/v1/agents")).StatusCode);
    }

    [Fact]
    public async Task Expensive_endpoints_have_their_own_limit()
    {
        var settings = Limits();
        settings["Switchboard:RateLimits:Endpoints:api_keys.create"] = "2";
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite, settings);
        var key = await server.CreateKeyAsync();
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Created, (await key.Client.PostJsonAsync("/api/v1/api-keys", """{"name":"x","scopes":["agents:read"]}""")).StatusCode);
        await AssertThrottledAsync(await key.Client.PostJsonAsync("/api/v1/api-keys", """{"name":"x","scopes":["agents:read"]}"""), "endpoint");
        // Other routes of the same key still work.
        Assert.Equal(HttpStatusCode.OK, (await key.Client.GetAsync("/api/v1/api-keys")).StatusCode);
    }

    [Fact]
    public async Task Monthly_quota_is_429_quota_exceeded()
    {
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite, Limits());
        var admin = await server.CreateKeyAsync();
        var body = await (await admin.Client.PostJsonAsync("/api/v1/api-keys", """{"name":"q","scopes":["*"],"monthly_quota":3}""")).JsonAsync();
        var client = server.CreateClient((string)body["key"]!);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/agents")).StatusCode);
        await AssertThrottledAsync(await client.GetAsync("/api/v1/agents"), "key", "quota_exceeded");
    }

    [Fact]
    public async Task Two_servers_on_one_redis_share_the_limit()
    {
        var redis = TestEnvironment.RequireOrNull(TestEnvironment.Redis, "SWITCHBOARD_TEST_REDIS");
        if (redis is null) return; // reported by TestEnvironment in CI; locally Redis is optional
        var sqliteDir = Path.Combine(Path.GetTempPath(), "sb-shared-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(sqliteDir);
        // Both nodes must see the same keys: one SQLite file stands in for the shared database.
        var settings = Limits(redis: redis);
        settings["ConnectionStrings:Switchboard"] = "Data Source=" + Path.Combine(sqliteDir, "shared.db");
        await using var node1 = await TestServerInstance.StartAsync(Providers.Sqlite, settings);
        await using var node2 = await TestServerInstance.StartAsync(Providers.Sqlite, settings);

        var key = await node1.CreateKeyAsync(ratePerMinute: 4);
        var onNode2 = node2.CreateClient(key.Secret);
        Assert.Equal(HttpStatusCode.OK, (await key.Client.GetAsync("/api/v1/agents")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onNode2.GetAsync("/api/v1/agents")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await key.Client.GetAsync("/api/v1/agents")).StatusCode);
        var fourth = await onNode2.GetAsync("/api/v1/agents");
        Assert.Equal(HttpStatusCode.OK, fourth.StatusCode);
        Assert.StartsWith("\"key\";r=0;", fourth.Headers.GetValues("RateLimit").Single(), StringComparison.Ordinal);
        await AssertThrottledAsync(await key.Client.GetAsync("/api/v1/agents"), "key");
        await AssertThrottledAsync(await onNode2.GetAsync("/api/v1/agents"), "key");

        // The counter really is in Redis.
        await using var mux = await ConnectionMultiplexer.ConnectAsync(redis);
        var server = mux.GetServers().First();
        Assert.NotEmpty(server.Keys(pattern: "switchboard:*" + key.KeyId + "*").Take(1));
    }
}
