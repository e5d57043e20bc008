using System.Net;
using System.Text;
using System.Text.Json;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.WebCalls;

/// <summary><c>POST /api/v1/calls/web</c> and the stream's refusals, over HTTP on both databases.</summary>
[Collection(ApiCollection.Name)]
public sealed class WebCallApiTests(ServerFixture fixture)
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_web_call_is_registered_with_a_token_bound_to_it(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var agentId = await WebCallAgents.CreateAsync(key);
        var created = await WebCallAgents.CreateCallAsync(key,
            $$$"""{"agent_id":"{{{agentId}}}","dynamic_variables":{"customer":"Ada"},"metadata":{"page":"pricing"}}""");

        var callId = created.GetProperty("call_id").GetString()!;
        Assert.StartsWith("call_", callId, StringComparison.Ordinal);
        Assert.Equal($"ws://localhost/api/v1/calls/{callId}/stream", created.GetProperty("stream_url").GetString());
        var payload = Payload(created.GetProperty("access_token").GetString()!);
        Assert.Equal(callId, payload.GetProperty("sub").GetString());
        Assert.Equal(key.OrganizationId, payload.GetProperty("org").GetString());
        Assert.Equal(300, payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(payload.GetProperty("exp").GetInt64()), created.GetProperty("expires_at").GetDateTimeOffset());

        var call = await (await key.Client.GetAsync($"/api/v1/calls/{callId}")).JsonAsync();
        Assert.Equal("registered", (string?)call["status"]);
        Assert.Equal("web", (string?)call["direction"]);
        Assert.Equal(agentId, (string?)call["agent_id"]);
        Assert.Equal(1, (int?)call["agent_version"]);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Without_a_version_the_published_one_is_used(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var agentId = await WebCallAgents.CreateAsync(key);
        Assert.True((await key.Client.PostAsync($"/api/v1/agents/{agentId}/publish", null)).IsSuccessStatusCode);
        Assert.True((await key.Client.PatchJsonAsync($"/api/v1/agents/{agentId}", """{"responsiveness":0.5}""")).IsSuccessStatusCode);

        var published = await WebCallAgents.CreateCallAsync(key, $$"""{"agent_id":"{{agentId}}"}""");
        var pinned = await WebCallAgents.CreateCallAsync(key, $$"""{"agent_id":"{{agentId}}","agent_version":2}""");
        Assert.Equal(1, (int?)(await (await key.Client.GetAsync($"/api/v1/calls/{published.GetProperty("call_id")}")).JsonAsync())["agent_version"]);
        Assert.Equal(2, (int?)(await (await key.Client.GetAsync($"/api/v1/calls/{pinned.GetProperty("call_id")}")).JsonAsync())["agent_version"]);
    }

    [Fact]
    public async Task Bad_requests_name_the_field()
    {
        var server = await fixture.GetAsync(Providers.Sqlite);
        var key = await server.CreateKeyAsync();
        var agentId = await WebCallAgents.CreateAsync(key);
        var other = await server.CreateKeyAsync();
        var othersAgent = await WebCallAgents.CreateAsync(other);

        await Expect400("{}", "agent_id");
        await Expect400("""{"agent_id":"agent_missing"}""", "agent_id");
        await Expect400($$"""{"agent_id":"{{othersAgent}}"}""", "agent_id"); // another organization's agent does not exist here
        await Expect400($$"""{"agent_id":"{{agentId}}","agent_version":0}""", "agent_version");
        await Expect400($$"""{"agent_id":"{{agentId}}","agent_version":9}""", "agent_version");
        await Expect400($$"""{"agent_id":"{{agentId}}","metadata":[1]}""", "metadata");
        await Expect400($$$"""{"agent_id":"{{{agentId}}}","dynamic_variables":{"":"x"}}""", "dynamic_variables");
        var wrongType = await key.Client.PostJsonAsync("/api/v1/calls/web", $$$"""{"agent_id":"{{{agentId}}}","dynamic_variables":{"n":1}}""");
        await wrongType.ProblemAsync(400, "malformed_json");
        var unknown = await key.Client.PostJsonAsync("/api/v1/calls/web", $$"""{"agent_id":"{{agentId}}","agent":"x"}""");
        await unknown.ProblemAsync(400, "validation_failed");

        async Task Expect400(string body, string field)
        {
            var problem = await (await key.Client.PostJsonAsync("/api/v1/calls/web", body)).ProblemAsync(400, "validation_failed");
            Assert.NotNull(problem["errors"]?[field]);
        }
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_idempotency_key_replays_the_first_response_and_refuses_a_different_body(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var agentId = await WebCallAgents.CreateAsync(key);
        var body = $$"""{"agent_id":"{{agentId}}"}""";

        var first = await WebCallAgents.CreateCallAsync(key, body, "order-42");
        using var again = new HttpRequestMessage(HttpMethod.Post, "/api/v1/calls/web") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        again.Headers.Add("Idempotency-Key", "order-42");
        var replay = await key.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        var replayed = JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(first.GetProperty("call_id").GetString(), replayed.GetProperty("call_id").GetString());
        Assert.Equal(first.GetProperty("access_token").GetString(), replayed.GetProperty("access_token").GetString());

        using var changed = new HttpRequestMessage(HttpMethod.Post, "/api/v1/calls/web")
        {
            Content = new StringContent($$"""{"agent_id":"{{agentId}}","agent_version":1}""", Encoding.UTF8, "application/json"),
        };
        changed.Headers.Add("Idempotency-Key", "order-42");
        await (await key.Client.SendAsync(changed)).ProblemAsync(409, "idempotency_conflict");

        // Keys are per organization, and a request without a key always creates.
        var other = await server.CreateKeyAsync();
        var othersAgent = await WebCallAgents.CreateAsync(other);
        var theirs = await WebCallAgents.CreateCallAsync(other, $$"""{"agent_id":"{{othersAgent}}"}""", "order-42");
        Assert.NotEqual(first.GetProperty("call_id").GetString(), theirs.GetProperty("call_id").GetString());
        var fresh = await WebCallAgents.CreateCallAsync(key, body);
        Assert.NotEqual(first.GetProperty("call_id").GetString(), fresh.GetProperty("call_id").GetString());
        var web = await (await key.Client.GetAsync("/api/v1/calls?direction=web")).JsonAsync();
        Assert.Equal(2, web["data"]!.AsArray().Count);

        using var tooLong = new HttpRequestMessage(HttpMethod.Post, "/api/v1/calls/web") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        tooLong.Headers.Add("Idempotency-Key", new string('k', 256));
        var keyProblem = await (await key.Client.SendAsync(tooLong)).ProblemAsync(400, "validation_failed");
        Assert.NotNull(keyProblem["errors"]?["Idempotency-Key"]);
    }

    [Fact]
    public async Task The_stream_refuses_missing_bad_foreign_and_plain_http_requests_before_any_upgrade()
    {
        var server = await fixture.GetAsync(Providers.Sqlite);
        var key = await server.CreateKeyAsync();
        var agentId = await WebCallAgents.CreateAsync(key);
        var a = await WebCallAgents.CreateCallAsync(key, $$"""{"agent_id":"{{agentId}}"}""");
        var b = await WebCallAgents.CreateCallAsync(key, $$"""{"agent_id":"{{agentId}}"}""");
        var anonymous = server.CreateClient();
        var aUrl = $"/api/v1/calls/{a.GetProperty("call_id").GetString()}/stream";

        (await (await anonymous.GetAsync(aUrl)).ProblemAsync(401, "invalid_access_token")).ToString();
        (await (await anonymous.GetAsync(aUrl + "?access_token=garbage")).ProblemAsync(401, "invalid_access_token")).ToString();
        var foreign = await (await anonymous.GetAsync(aUrl + "?access_token=" + b.GetProperty("access_token").GetString())).ProblemAsync(401, "invalid_access_token");
        Assert.Contains("another call", (string?)foreign["detail"], StringComparison.Ordinal);
        // An API key is no substitute for the token.
        (await (await key.Client.GetAsync(aUrl)).ProblemAsync(401, "invalid_access_token")).ToString();
        // A valid token on a plain GET is refused without being used up.
        var plain = await anonymous.GetAsync(aUrl + "?access_token=" + a.GetProperty("access_token").GetString());
        await plain.ProblemAsync(400, "bad_request");
        var stillGood = await anonymous.GetAsync(aUrl + "?access_token=" + a.GetProperty("access_token").GetString());
        await stillGood.ProblemAsync(400, "bad_request");
    }

    private static JsonElement Payload(string token)
    {
        var part = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        part += new string('=', (4 - part.Length % 4) % 4);
        return JsonDocument.Parse(Convert.FromBase64String(part)).RootElement.Clone();
    }
}
