using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Data;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests;

[Collection(ApiCollection.Name)]
public sealed class AuditLogTests(ServerFixture fixture)
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Every_write_is_recorded_with_actor_target_request_and_ip(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();

        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/agents")
        {
            Content = new StringContent("""{"name":"audited","response_engine":{"type":"flow","flow":{"start":"bye","nodes":[{"id":"bye","type":"end","text":"Goodbye."}]}}}""", System.Text.Encoding.UTF8, "application/json"),
        };
        create.Headers.Add("X-Request-Id", "audit-req-1");
        var agentId = (string)(await (await key.Client.SendAsync(create)).JsonAsync())["id"]!;
        await key.Client.PatchJsonAsync($"/api/v1/agents/{agentId}", """{"name":"renamed"}""");
        await key.Client.PostAsync($"/api/v1/agents/{agentId}/publish", null);
        await key.Client.DeleteAsync($"/api/v1/agents/{agentId}");
        var newKey = (string)(await (await key.Client.PostJsonAsync("/api/v1/api-keys", """{"name":"k","scopes":["*"]}""")).JsonAsync())["id"]!;
        await key.Client.PostJsonAsync($"/api/v1/api-keys/{newKey}/rotate", "{}");
        await key.Client.DeleteAsync($"/api/v1/api-keys/{newKey}");
        // Reads and refused writes leave no entry.
        await key.Client.GetAsync("/api/v1/agents");
        await key.Client.PostJsonAsync("/api/v1/agents", """{"name":""}""");

        var page = await (await key.Client.GetAsync("/api/v1/audit-logs?limit=100")).JsonAsync();
        var entries = page["data"]!.AsArray().Select(e => e!).ToList();
        Assert.Equal(
            ["api_keys.revoke", "api_keys.rotate", "api_keys.create", "agents.delete", "agents.publish", "agents.update", "agents.create"],
            entries.Select(e => (string)e["action"]!));
        var first = entries[^1];
        Assert.Equal(agentId, (string)first["target_id"]!);
        Assert.Equal("agent", (string)first["target_type"]!);
        Assert.Equal(key.KeyId, (string)first["actor_api_key_id"]!);
        Assert.Equal("audit-req-1", (string)first["request_id"]!);
        Assert.NotNull(first["created_at"]);

        var filtered = await (await key.Client.GetAsync($"/api/v1/audit-logs?target_id={agentId}&action=agents.update")).JsonAsync();
        Assert.Single(filtered["data"]!.AsArray());
        var byType = await (await key.Client.GetAsync("/api/v1/audit-logs?target_type=api_key")).JsonAsync();
        Assert.Equal(3, byType["data"]!.AsArray().Count);
        var future = await (await key.Client.GetAsync("/api/v1/audit-logs?since=2999-01-01T00:00:00Z")).JsonAsync();
        Assert.Empty(future["data"]!.AsArray());
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Audit_rows_cannot_be_changed_or_deleted(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        await key.Client.CreateAgentAsync();

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
        var row = await db.AuditLogs.IgnoreQueryFilters().FirstAsync(a => a.OrganizationId == key.OrganizationId);
        row.Action = "tampered";
        Assert.Throws<InvalidOperationException>(() => db.SaveChanges());
        db.ChangeTracker.Clear();
        db.AuditLogs.Remove(await db.AuditLogs.IgnoreQueryFilters().FirstAsync(a => a.OrganizationId == key.OrganizationId));
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());

        // Below the application too: the database refuses raw SQL that would rewrite history.
        var org = key.OrganizationId;
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            db.Database.ExecuteSqlAsync($"UPDATE audit_logs SET action = 'tampered' WHERE organization_id = {org}"));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            db.Database.ExecuteSqlAsync($"DELETE FROM audit_logs WHERE organization_id = {org}"));
        Assert.True(await db.AuditLogs.IgnoreQueryFilters().AnyAsync(a => a.OrganizationId == org && a.Action == "agents.create"));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_row_names_the_client_ip_and_the_request_id_of_its_own_request(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var test = (TestServer)server.Services.GetRequiredService<IServer>();

        // Two writes from different addresses: each row must carry its own request's values, which shows they come
        // from the request being served and not from whichever request ran before. Publish has no body, which
        // TestServer's context-level API cannot send.
        async Task<string> PublishFromAsync(string ip, string requestId)
        {
            var agentId = await key.Client.CreateAgentAsync();
            var context = await test.SendAsync(c =>
            {
                c.Request.Method = "POST";
                c.Request.Path = $"/api/v1/agents/{agentId}/publish";
                c.Request.Headers.Authorization = "Bearer " + key.Secret;
                c.Request.Headers["X-Request-Id"] = requestId;
                c.Connection.RemoteIpAddress = IPAddress.Parse(ip);
            });
            Assert.True(context.Response.StatusCode == StatusCodes.Status200OK, await new StreamReader(context.Response.Body).ReadToEndAsync());
            return agentId;
        }
        var first = await PublishFromAsync("203.0.113.7", "audit-ip-1");
        var second = await PublishFromAsync("2001:db8::42", "audit-ip-2");

        async Task<JsonNode> PublishRowAsync(string agentId) =>
            (await (await key.Client.GetAsync($"/api/v1/audit-logs?target_id={agentId}&action=agents.publish")).JsonAsync())["data"]!.AsArray().Single()!;
        var firstRow = await PublishRowAsync(first);
        Assert.Equal("203.0.113.7", (string)firstRow["client_ip"]!);
        Assert.Equal("audit-ip-1", (string)firstRow["request_id"]!);
        var secondRow = await PublishRowAsync(second);
        Assert.Equal("2001:db8::42", (string)secondRow["client_ip"]!);
        Assert.Equal("audit-ip-2", (string)secondRow["request_id"]!);
        Assert.Equal(key.KeyId, (string)secondRow["actor_api_key_id"]!);
    }

    [Fact]
    public async Task Nothing_registers_the_http_context_accessor()
    {
        // While IHttpContextAccessor is registered, ASP.NET Core stops reusing HttpContext objects between requests
        // (docs/performance.md, "Control plane"); the audit trail gets its request from AuditRequest instead.
        var server = await fixture.GetAsync(Providers.Sqlite);
        Assert.Null(server.Services.GetService<IHttpContextAccessor>());
    }

    [Fact]
    public async Task Audit_needs_its_scope()
    {
        var server = await fixture.GetAsync(Providers.Sqlite);
        var key = await server.CreateKeyAsync(scopes: "agents:write");
        Assert.Equal(HttpStatusCode.Forbidden, (await key.Client.GetAsync("/api/v1/audit-logs")).StatusCode);
        var reader = await server.CreateKeyAsync(scopes: "audit:read");
        var body = await (await reader.Client.GetAsync("/api/v1/audit-logs")).JsonAsync();
        Assert.IsType<JsonArray>(body["data"]);
    }
}
