using System.Net;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Agents;

/// <summary>
/// GET /api/v1/agents/{id} is served from memory after the first read; every write must be visible to the next
/// GET on the same node, and the cache must never let one organization read another's agent.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AgentReadCacheTests(ServerFixture fixture)
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_get_after_each_kind_of_write_sees_the_write(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var cache = await server.ReadyCacheAsync();
        var key = await server.CreateKeyAsync();
        var settled = server.ExpectOwnNotification(key.OrganizationId);
        var id = await key.Client.CreateAgentAsync("Before");
        await settled();

        // Each step reads first, so the agent is cached when the write happens.
        var first = await GetAsync(key, id);
        Assert.Equal("Before", (string)first["name"]!);
        Assert.True(cache.Holds(key, id));
        var hit = await GetAsync(key, id);
        Assert.Equal(first.ToJsonString(), hit.ToJsonString());

        settled = server.ExpectOwnNotification(key.OrganizationId);
        Assert.Equal(HttpStatusCode.OK, (await key.Client.PatchJsonAsync($"/api/v1/agents/{id}", """{"name":"After"}""")).StatusCode);
        await settled();
        var updated = await GetAsync(key, id);
        Assert.Equal("After", (string)updated["name"]!);
        Assert.Equal(2, (int)updated["version"]!);

        var pinned = await GetAsync(key, id, "?version=1");
        Assert.Equal("Before", (string)pinned["name"]!);
        Assert.Null(pinned["published_version"]);
        Assert.True(cache.Holds(key, id, 1));

        Assert.Equal(HttpStatusCode.OK, (await key.Client.PostAsync($"/api/v1/agents/{id}/publish", null)).StatusCode);
        var published = await GetAsync(key, id);
        Assert.Equal(2, (int)published["published_version"]!);
        Assert.True((bool)published["is_published"]!);
        // A pinned version's response shows the agent's publication too, so it was dropped with the agent.
        Assert.Equal(2, (int)(await GetAsync(key, id, "?version=1"))["published_version"]!);

        Assert.Equal(HttpStatusCode.NoContent, (await key.Client.DeleteAsync($"/api/v1/agents/{id}")).StatusCode);
        Assert.False(cache.Holds(key, id));
        await (await key.Client.GetAsync($"/api/v1/agents/{id}")).ProblemAsync(404, "not_found");
        await (await key.Client.GetAsync($"/api/v1/agents/{id}?version=1")).ProblemAsync(404, "not_found");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_write_that_fails_validation_changes_nothing_and_the_cached_read_stays_right(string provider)
    {
        var server = await fixture.GetAsync(provider);
        await server.ReadyCacheAsync();
        var key = await server.CreateKeyAsync();
        var id = await key.Client.CreateAgentAsync("Kept");
        await GetAsync(key, id);

        await (await key.Client.PatchJsonAsync($"/api/v1/agents/{id}", """{"responsiveness":7}""")).ProblemAsync(400, "validation_failed");
        var again = await GetAsync(key, id);
        Assert.Equal(1, (int)again["version"]!);
        Assert.Equal("Kept", (string)again["name"]!);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Another_organization_cannot_read_a_cached_agent(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var cache = await server.ReadyCacheAsync();
        var owner = await server.CreateKeyAsync();
        var other = await server.CreateKeyAsync();
        var settled = server.ExpectOwnNotification(owner.OrganizationId);
        var id = await owner.Client.CreateAgentAsync("Private");
        await settled();
        await GetAsync(owner, id);
        await GetAsync(owner, id, "?version=1");
        Assert.True(cache.Holds(owner, id));
        Assert.True(cache.Holds(owner, id, 1));

        await (await other.Client.GetAsync($"/api/v1/agents/{id}")).ProblemAsync(404, "not_found");
        await (await other.Client.GetAsync($"/api/v1/agents/{id}?version=1")).ProblemAsync(404, "not_found");
        Assert.False(cache.Holds(other, id));

        // And the other organization's miss did not disturb the owner's entry.
        Assert.True(cache.Holds(owner, id));
        Assert.Equal("Private", (string)(await GetAsync(owner, id))["name"]!);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_key_without_agents_read_is_refused_even_when_the_agent_is_cached(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var cache = await server.ReadyCacheAsync();
        var organization = "org-" + Guid.NewGuid().ToString("N");
        var owner = await server.CreateKeyAsync(organization);
        var settled = server.ExpectOwnNotification(owner.OrganizationId);
        var id = await owner.Client.CreateAgentAsync();
        await settled();
        await GetAsync(owner, id);
        Assert.True(cache.Holds(owner, id));

        var narrow = await server.CreateKeyAsync(organization, scopes: "calls:read");
        await (await narrow.Client.GetAsync($"/api/v1/agents/{id}")).ProblemAsync(403, "insufficient_scope");
        await (await server.CreateClient().GetAsync($"/api/v1/agents/{id}")).ProblemAsync(401, "missing_api_key");
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> GetAsync(TestKey key, string id, string query = "")
    {
        var response = await key.Client.GetAsync($"/api/v1/agents/{id}{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.JsonAsync();
    }
}
