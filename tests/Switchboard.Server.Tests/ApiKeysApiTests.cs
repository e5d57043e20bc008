using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests;

[Collection(ApiCollection.Name)]
public sealed class ApiKeysApiTests(ServerFixture fixture)
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Create_shows_the_secret_once_and_list_get_never(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var admin = await server.CreateKeyAsync();
        var created = await admin.Client.PostJsonAsync("/api/v1/api-keys",
            """{"name":"ci","scopes":["agents:read"],"rate_limit_per_minute":30,"monthly_quota":1000,"expires_at":"2099-01-01T00:00:00Z"}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        var secret = (string)body["key"]!;
        var id = (string)body["id"]!;
        Assert.StartsWith("sb_live_", secret, StringComparison.Ordinal);
        Assert.Equal(secret[..12], (string)body["prefix"]!);
        Assert.Equal(secret[^4..], (string)body["last_four"]!);
        Assert.Equal(30, (int)body["rate_limit_per_minute"]!);

        var get = await (await admin.Client.GetAsync($"/api/v1/api-keys/{id}")).JsonAsync();
        Assert.Null(get["key"]);
        Assert.Equal(["agents:read"], get["scopes"]!.AsArray().Select(s => (string)s!));
        var listText = await (await admin.Client.GetAsync("/api/v1/api-keys")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, listText, StringComparison.Ordinal);
        Assert.Contains(id, listText, StringComparison.Ordinal);

        var newKey = server.CreateClient(secret);
        Assert.Equal(HttpStatusCode.OK, (await newKey.GetAsync("/api/v1/agents")).StatusCode);
        await (await newKey.PostJsonAsync("/api/v1/agents", "{}")).ProblemAsync(403, "insufficient_scope");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Create_validates_and_cannot_escalate_scopes(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var admin = await server.CreateKeyAsync();
        var problem = await (await admin.Client.PostJsonAsync("/api/v1/api-keys",
            """{"name":"","scopes":["agents:fly"],"rate_limit_per_minute":0,"monthly_quota":-1,"expires_at":"2001-01-01T00:00:00Z"}"""))
            .ProblemAsync(400, "validation_failed");
        foreach (var field in new[] { "name", "scopes", "rate_limit_per_minute", "monthly_quota", "expires_at" })
            Assert.NotNull(problem["errors"]![field]);

        var limited = await server.CreateKeyAsync(scopes: "api_keys:write,agents:read");
        await (await limited.Client.PostJsonAsync("/api/v1/api-keys", """{"name":"x","scopes":["*"]}""")).ProblemAsync(403, "insufficient_scope");
        Assert.Equal(HttpStatusCode.Created,
            (await limited.Client.PostJsonAsync("/api/v1/api-keys", """{"name":"x","scopes":["agents:read"]}""")).StatusCode);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Revoked_keys_stop_working_at_once(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var admin = await server.CreateKeyAsync();
        var body = await (await admin.Client.PostJsonAsync("/api/v1/api-keys", """{"name":"tmp","scopes":["*"]}""")).JsonAsync();
        var client = server.CreateClient((string)body["key"]!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/agents")).StatusCode);

        var revoked = await (await admin.Client.DeleteAsync($"/api/v1/api-keys/{body["id"]}")).JsonAsync();
        Assert.NotNull(revoked["revoked_at"]);
        await (await client.GetAsync("/api/v1/agents")).ProblemAsync(401, "invalid_api_key");
    }

    [Fact]
    public async Task Rotation_keeps_the_old_secret_for_the_grace_period_only()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite,
            configure: b => b.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        var admin = await server.CreateKeyAsync();
        var body = await (await admin.Client.PostJsonAsync("/api/v1/api-keys", """{"name":"svc","scopes":["agents:read"]}""")).JsonAsync();
        var id = (string)body["id"]!;
        var oldClient = server.CreateClient((string)body["key"]!);

        // agents:read cannot rotate keys: the admin key has to.
        await (await oldClient.PostJsonAsync($"/api/v1/api-keys/{id}/rotate", "{}")).ProblemAsync(403, "insufficient_scope");
        var rotated = await (await admin.Client.PostJsonAsync($"/api/v1/api-keys/{id}/rotate", """{"grace_period_seconds":3600}""")).JsonAsync();
        var newClient = server.CreateClient((string)rotated["key"]!);
        Assert.Equal(id, (string)rotated["id"]!);

        Assert.Equal(HttpStatusCode.OK, (await oldClient.GetAsync("/api/v1/agents")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await newClient.GetAsync("/api/v1/agents")).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(61));
        await (await oldClient.GetAsync("/api/v1/agents")).ProblemAsync(401, "invalid_api_key");
        Assert.Equal(HttpStatusCode.OK, (await newClient.GetAsync("/api/v1/agents")).StatusCode);

        // No grace: the old secret dies immediately.
        var again = await (await admin.Client.PostJsonAsync($"/api/v1/api-keys/{id}/rotate", "{}")).JsonAsync();
        await (await newClient.GetAsync("/api/v1/agents")).ProblemAsync(401, "invalid_api_key");
        Assert.Equal(HttpStatusCode.OK, (await server.CreateClient((string)again["key"]!).GetAsync("/api/v1/agents")).StatusCode);
        await (await admin.Client.PostJsonAsync($"/api/v1/api-keys/{id}/rotate", """{"grace_period_seconds":-5}""")).ProblemAsync(400, "validation_failed");
    }

    [Fact]
    public async Task Expired_keys_are_refused()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite,
            configure: b => b.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        var admin = await server.CreateKeyAsync();
        var body = await (await admin.Client.PostJsonAsync("/api/v1/api-keys",
            """{"name":"short","scopes":["*"],"expires_at":"2026-11-24T13:00:00Z"}""")).JsonAsync();
        var client = server.CreateClient((string)body["key"]!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/agents")).StatusCode);
        clock.Advance(TimeSpan.FromHours(1));
        await (await client.GetAsync("/api/v1/agents")).ProblemAsync(401, "invalid_api_key");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Usage_counts_requests_per_day_and_endpoint_group(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var admin = await server.CreateKeyAsync();
        var worker = await server.CreateKeyAsync(scopes: "agents:read");
        var workerId = worker.KeyId;
        await worker.Client.GetAsync("/api/v1/agents");

        // The worker is in another organization: the admin of this test cannot see it.
        await (await admin.Client.GetAsync($"/api/v1/api-keys/{workerId}/usage")).ProblemAsync(404, "not_found");

        var own = await server.CreateKeyAsync(scopes: "*");
        for (var i = 0; i < 3; i++) await own.Client.GetAsync("/api/v1/agents");
        var usage = await (await own.Client.GetAsync($"/api/v1/api-keys/{own.KeyId}/usage")).JsonAsync();
        Assert.Equal(3, (long)usage["by_endpoint_group"]!.AsArray().Single(g => (string)g!["endpoint_group"]! == "agents")!["requests"]!);
        Assert.Equal(3, (long)usage["by_day"]!.AsArray().Single()!["requests"]!);

        var key = await (await own.Client.GetAsync($"/api/v1/api-keys/{own.KeyId}")).JsonAsync();
        Assert.NotNull(key["last_used_at"]);
    }
}
