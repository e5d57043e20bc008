using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Switchboard.ControlPlane.Agents;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Agents;

/// <summary>
/// Two server nodes on one PostgreSQL database: a write on one must reach the other's agent cache through
/// LISTEN/NOTIFY, and a lost listener connection must clear the cache (notifications may have been missed).
/// </summary>
public sealed class AgentCacheNodesTests
{
    [Fact]
    public async Task On_postgresql_a_write_on_one_node_is_seen_by_a_get_on_the_other()
    {
        if (!Providers.PostgresConfigured()) return;
        var database = await TestDatabases.CreatePostgresAsync();
        try
        {
            await using var nodeA = await TestServerInstance.StartAsync(Providers.Postgres, sharedPostgresDatabase: database);
            await using var nodeB = await TestServerInstance.StartAsync(Providers.Postgres, sharedPostgresDatabase: database);
            await nodeA.ReadyCacheAsync();
            var cacheB = await nodeB.ReadyCacheAsync();

            var keyA = await nodeA.CreateKeyAsync();
            using var clientB = nodeB.CreateClient(keyA.Secret);
            var createdHeard = nodeB.ExpectOwnNotification(keyA.OrganizationId); // B hears A's create, as it hears any write
            var id = await keyA.Client.CreateAgentAsync("Original");
            await createdHeard();

            Assert.Equal("Original", (string)(await GetAsync(clientB, id))["name"]!);
            Assert.True(cacheB.TryGet(keyA.OrganizationId, id, null, out _));

            var heard = cacheB.WaitForInvalidationAsync(keyA.OrganizationId, id);
            Assert.Equal(HttpStatusCode.OK, (await keyA.Client.PatchJsonAsync($"/api/v1/agents/{id}", """{"name":"Renamed"}""")).StatusCode);
            await heard;
            var seen = await GetAsync(clientB, id);
            Assert.Equal("Renamed", (string)seen["name"]!);
            Assert.Equal(2, (int)seen["version"]!);

            heard = cacheB.WaitForInvalidationAsync(keyA.OrganizationId, id);
            Assert.Equal(HttpStatusCode.OK, (await keyA.Client.PostAsync($"/api/v1/agents/{id}/publish", null)).StatusCode);
            await heard;
            Assert.True((bool)(await GetAsync(clientB, id))["is_published"]!);

            heard = cacheB.WaitForInvalidationAsync(keyA.OrganizationId, id);
            Assert.Equal(HttpStatusCode.NoContent, (await keyA.Client.DeleteAsync($"/api/v1/agents/{id}")).StatusCode);
            await heard;
            await (await clientB.GetAsync($"/api/v1/agents/{id}")).ProblemAsync(404, "not_found");
        }
        finally
        {
            await TestDatabases.DropPostgresAsync(database);
        }
    }

    [Fact]
    public async Task On_postgresql_a_lost_listener_connection_clears_the_cache_and_reads_stay_right()
    {
        if (!Providers.PostgresConfigured()) return;
        var database = await TestDatabases.CreatePostgresAsync();
        try
        {
            await using var node = await TestServerInstance.StartAsync(Providers.Postgres, sharedPostgresDatabase: database);
            var cache = await node.ReadyCacheAsync();
            var listener = node.Services.GetRequiredService<AgentChangeListener>();
            var key = await node.CreateKeyAsync();
            var settled = node.ExpectOwnNotification(key.OrganizationId);
            var id = await key.Client.CreateAgentAsync("Cached");
            await settled();
            await GetAsync(key.Client, id);
            Assert.True(cache.TryGet(key.OrganizationId, id, null, out _));

            var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var cleared = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            listener.Connected += () => reconnected.TrySetResult();
            cache.Cleared += () => cleared.TrySetResult();
            var before = listener.Connections;

            // The database ends the listener's session, as a failover or a network cut would.
            await using (var admin = new NpgsqlConnection(TestDatabases.PostgresConnection(database)))
            {
                await admin.OpenAsync();
                await using var kill = new NpgsqlCommand(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @app AND datname = current_database()", admin);
                kill.Parameters.AddWithValue("app", AgentChangeListener.ApplicationName);
                Assert.Equal(1L, (long)(await kill.ExecuteScalarAsync())!);
            }

            await cleared.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(listener.Connections > before);
            Assert.True(cache.IsActive);
            Assert.False(cache.TryGet(key.OrganizationId, id, null, out _));
            Assert.Equal("Cached", (string)(await GetAsync(key.Client, id))["name"]!);
            Assert.True(cache.TryGet(key.OrganizationId, id, null, out _));
        }
        finally
        {
            await TestDatabases.DropPostgresAsync(database);
        }
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> GetAsync(HttpClient client, string id)
    {
        var response = await client.GetAsync($"/api/v1/agents/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }
}
