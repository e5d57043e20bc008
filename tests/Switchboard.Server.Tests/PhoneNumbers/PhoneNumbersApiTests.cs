using System.Net;
using System.Text.Json.Nodes;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.PhoneNumbers;

[Collection(ApiCollection.Name)]
public sealed class PhoneNumbersApiTests(ServerFixture fixture)
{
    private static string Body(string number, string agentId, string extra = "") =>
        $$"""{"number":"{{number}}","inbound_agents":[{"agent_id":"{{agentId}}","weight":1}]{{extra}}}""";

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Create_get_list_update_delete(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var agentA = await key.Client.CreateAgentAsync("A");
        var agentB = await key.Client.CreateAgentAsync("B");
        var number = TestNumbers.NewE164();
        // People type numbers with spaces, dashes, dots and parentheses; the stored form has none.
        var typed = $"{number[..2]} ({number[2..5]}) {number[5..8]}-{number[8..]}";

        var created = await key.Client.PostJsonAsync("/api/v1/phone-numbers",
            $$"""{"number":"{{typed}}","nickname":"Front desk","inbound_agents":[{"agent_id":"{{agentA}}","weight":3},{"agent_id":"{{agentB}}","agent_version":1}]}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        var id = (string)body["id"]!;
        Assert.StartsWith("pn_", id, StringComparison.Ordinal);
        Assert.Equal($"/api/v1/phone-numbers/{id}", created.Headers.Location?.ToString());
        Assert.Equal(number, (string)body["number"]!);
        Assert.Null(body["sip_trunk_id"]);
        Assert.Equal(3, (int)body["inbound_agents"]![0]!["weight"]!);
        Assert.Null(body["inbound_agents"]![0]!["agent_version"]);
        Assert.Equal(1, (int)body["inbound_agents"]![1]!["weight"]!);
        Assert.Equal(1, (int)body["inbound_agents"]![1]!["agent_version"]!);
        Assert.Equal(["1"], body["outbound_allowed_countries"]!.AsArray().Select(c => (string)c!));
        Assert.True(DateTimeOffset.TryParse((string)body["created_at"]!, System.Globalization.CultureInfo.InvariantCulture, out _));

        var fetched = await (await key.Client.GetAsync($"/api/v1/phone-numbers/{id}")).JsonAsync();
        // Timestamps aside (PostgreSQL keeps microseconds, the create response has the clock's ticks), it reads back as written.
        foreach (var node in new[] { body, fetched }) node.AsObject().Remove("created_at");
        foreach (var node in new[] { body, fetched }) node.AsObject().Remove("updated_at");
        Assert.True(JsonNode.DeepEquals(body, fetched), fetched.ToJsonString());

        var userPart = TestNumbers.NewUserPart("sales");
        var second = (string)(await (await key.Client.PostJsonAsync("/api/v1/phone-numbers", Body(userPart, agentA))).JsonAsync())["id"]!;
        var page1 = await (await key.Client.GetAsync("/api/v1/phone-numbers?limit=1")).JsonAsync();
        Assert.Equal(second, (string)page1["data"]![0]!["id"]!);
        Assert.Equal(userPart, (string)page1["data"]![0]!["number"]!);
        Assert.True((bool)page1["has_more"]!);
        var page2 = await (await key.Client.GetAsync($"/api/v1/phone-numbers?limit=1&after={(string)page1["next_cursor"]!}")).JsonAsync();
        Assert.Equal(id, (string)page2["data"]![0]!["id"]!);
        Assert.False((bool)page2["has_more"]!);

        // Merge patch: arrays are replaced whole, null removes, the rest stays.
        var trunkId = (string)(await (await key.Client.PostJsonAsync("/api/v1/sip-trunks", """{"name":"T","address":"sip.example.com"}""")).JsonAsync())["id"]!;
        var patched = await key.Client.PatchJsonAsync($"/api/v1/phone-numbers/{id}",
            $$"""{"nickname":null,"sip_trunk_id":"{{trunkId}}","inbound_agents":[{"agent_id":"{{agentB}}","weight":2}],"outbound_allowed_countries":["1","+44","44"]}""");
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var updated = await patched.JsonAsync();
        Assert.Null(updated["nickname"]);
        Assert.Equal(trunkId, (string)updated["sip_trunk_id"]!);
        Assert.Equal(agentB, (string)Assert.Single(updated["inbound_agents"]!.AsArray())!["agent_id"]!);
        Assert.Equal(["1", "44"], updated["outbound_allowed_countries"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(number, (string)updated["number"]!);

        Assert.Equal(HttpStatusCode.NoContent, (await key.Client.DeleteAsync($"/api/v1/phone-numbers/{id}")).StatusCode);
        await (await key.Client.GetAsync($"/api/v1/phone-numbers/{id}")).ProblemAsync(404, "not_found");
        // Released numbers are free again at once.
        Assert.Equal(HttpStatusCode.Created, (await key.Client.PostJsonAsync("/api/v1/phone-numbers", Body(number, agentA))).StatusCode);

        var audit = await (await key.Client.GetAsync("/api/v1/audit-logs?limit=100")).Content.ReadAsStringAsync();
        foreach (var action in new[] { "phone_numbers.create", "phone_numbers.update", "phone_numbers.delete" })
            Assert.Contains(action, audit, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_number_routes_to_one_organization_only(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var a = await server.CreateKeyAsync();
        var b = await server.CreateKeyAsync();
        var agentA = await a.Client.CreateAgentAsync();
        var agentB = await b.Client.CreateAgentAsync();
        var number = TestNumbers.NewE164();
        Assert.Equal(HttpStatusCode.Created, (await a.Client.PostJsonAsync("/api/v1/phone-numbers", Body(number, agentA))).StatusCode);

        var taken = await (await b.Client.PostJsonAsync("/api/v1/phone-numbers", Body(number, agentB))).ProblemAsync(409, "number_taken");
        Assert.DoesNotContain(a.OrganizationId, taken.ToJsonString(), StringComparison.Ordinal);
        // Carriers send E.164 with or without '+', so both forms are the same number.
        await (await b.Client.PostJsonAsync("/api/v1/phone-numbers", Body(number[1..], agentB))).ProblemAsync(409, "number_taken");
        await (await a.Client.PostJsonAsync("/api/v1/phone-numbers", Body(number, agentA))).ProblemAsync(409, "number_taken");

        // Renaming a number onto a taken one is refused the same way.
        var other = (string)(await (await b.Client.PostJsonAsync("/api/v1/phone-numbers", Body(TestNumbers.NewE164(), agentB))).JsonAsync())["id"]!;
        await (await b.Client.PatchJsonAsync($"/api/v1/phone-numbers/{other}", $$"""{"number":"{{number}}"}""")).ProblemAsync(409, "number_taken");
        // A patch that keeps its own number is not a conflict with itself.
        Assert.Equal(HttpStatusCode.OK, (await b.Client.PatchJsonAsync($"/api/v1/phone-numbers/{other}", """{"nickname":"mine"}""")).StatusCode);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Another_organizations_numbers_and_trunks_are_404(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var a = await server.CreateKeyAsync();
        var b = await server.CreateKeyAsync();
        var agentA = await a.Client.CreateAgentAsync();
        var trunkA = (string)(await (await a.Client.PostJsonAsync("/api/v1/sip-trunks", """{"name":"T","address":"sip.example.com"}""")).JsonAsync())["id"]!;
        var number = TestNumbers.NewE164();
        var numberA = (string)(await (await a.Client.PostJsonAsync("/api/v1/phone-numbers", Body(number, agentA))).JsonAsync())["id"]!;

        foreach (var path in new[] { $"/api/v1/phone-numbers/{numberA}", $"/api/v1/sip-trunks/{trunkA}" })
        {
            await (await b.Client.GetAsync(path)).ProblemAsync(404, "not_found");
            await (await b.Client.PatchJsonAsync(path, """{"nickname":"mine","name":"mine"}""")).ProblemAsync(404, "not_found");
            await (await b.Client.DeleteAsync(path)).ProblemAsync(404, "not_found");
        }
        Assert.Empty((await (await b.Client.GetAsync("/api/v1/phone-numbers")).JsonAsync())["data"]!.AsArray());
        Assert.Empty((await (await b.Client.GetAsync("/api/v1/sip-trunks")).JsonAsync())["data"]!.AsArray());
        Assert.Equal(number, (string)(await (await a.Client.GetAsync($"/api/v1/phone-numbers/{numberA}")).JsonAsync())["number"]!);
        Assert.Equal(HttpStatusCode.OK, (await a.Client.GetAsync($"/api/v1/sip-trunks/{trunkA}")).StatusCode);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Bad_fields_are_400_and_missing_references_422(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var other = await server.CreateKeyAsync();
        var agentId = await key.Client.CreateAgentAsync();
        var othersAgent = await other.Client.CreateAgentAsync();
        var othersTrunk = (string)(await (await other.Client.PostJsonAsync("/api/v1/sip-trunks", """{"name":"T","address":"sip.example.com"}""")).JsonAsync())["id"]!;

        var problem = await (await key.Client.PostJsonAsync("/api/v1/phone-numbers",
            """{"number":"+0123","nickname":"ok","inbound_agents":[{"agent_id":"","weight":0},{"agent_version":0}],"inbound_webhook_url":"ftp://example.com/x","outbound_allowed_countries":["0","35","+44","999"]}"""))
            .ProblemAsync(400, "validation_failed");
        var errors = problem["errors"]!.AsObject();
        foreach (var field in new[] { "number", "inbound_agents[0].agent_id", "inbound_agents[0].weight", "inbound_agents[1].agent_id", "inbound_agents[1].agent_version",
                     "inbound_webhook_url", "outbound_allowed_countries[0]", "outbound_allowed_countries[1]" })
            Assert.True(errors.ContainsKey(field), $"No error for {field}: {errors.ToJsonString()}");
        Assert.False(errors.ContainsKey("outbound_allowed_countries[2]"), errors.ToJsonString());

        foreach (var bad in new[] { "sip:1000@host", "a b c", "x/y", new string('a', 65), "" })
            await (await key.Client.PostJsonAsync("/api/v1/phone-numbers", Body(bad, agentId))).ProblemAsync(400, "validation_failed");
        // Without an agent the number needs a webhook to choose one per call.
        var noAgent = await (await key.Client.PostJsonAsync("/api/v1/phone-numbers", $$"""{"number":"{{TestNumbers.NewE164()}}","inbound_agents":[]}"""))
            .ProblemAsync(400, "validation_failed");
        Assert.NotNull(noAgent["errors"]!["inbound_agents"]);
        Assert.Equal(HttpStatusCode.Created, (await key.Client.PostJsonAsync("/api/v1/phone-numbers",
            $$"""{"number":"{{TestNumbers.NewE164()}}","inbound_webhook_url":"https://example.com/route"}""")).StatusCode);
        // Weights are whole numbers; a fraction is a type error.
        await (await key.Client.PostJsonAsync("/api/v1/phone-numbers",
            $$"""{"number":"{{TestNumbers.NewE164()}}","inbound_agents":[{"agent_id":"{{agentId}}","weight":1.5}]}""")).ProblemAsync(400, "malformed_json");
        await (await key.Client.PostJsonAsync("/api/v1/phone-numbers", Body(TestNumbers.NewE164(), agentId, ",\"owner\":\"x\""))).ProblemAsync(400, "validation_failed");
        await (await key.Client.PostJsonAsync("/api/v1/phone-numbers",
            $$"""{"number":"{{TestNumbers.NewE164()}}","inbound_agents":[{"agent_id":"{{agentId}}","weight":1},{"agent_id":"{{agentId}}","weight":2}]}""")).ProblemAsync(400, "validation_failed");

        // Well-formed, but naming what this organization does not have: another organization's objects count as absent.
        var missing = await (await key.Client.PostJsonAsync("/api/v1/phone-numbers",
            $$"""{"number":"{{TestNumbers.NewE164()}}","sip_trunk_id":"{{othersTrunk}}","inbound_ivr_menu_id":"ivr_nope","inbound_agents":[{"agent_id":"{{othersAgent}}","weight":1},{"agent_id":"{{agentId}}","agent_version":7,"weight":1}]}"""))
            .ProblemAsync(422, "validation_failed");
        var refs = missing["errors"]!.AsObject();
        foreach (var field in new[] { "sip_trunk_id", "inbound_ivr_menu_id", "inbound_agents[0].agent_id", "inbound_agents[1].agent_version" })
            Assert.True(refs.ContainsKey(field), $"No error for {field}: {refs.ToJsonString()}");
        Assert.DoesNotContain(othersAgent, (await (await key.Client.GetAsync("/api/v1/phone-numbers")).Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var id = (string)(await (await key.Client.PostJsonAsync("/api/v1/phone-numbers", Body(TestNumbers.NewE164(), agentId))).JsonAsync())["id"]!;
        await (await key.Client.PatchJsonAsync($"/api/v1/phone-numbers/{id}", """[1]""")).ProblemAsync(400, "validation_failed");
        await (await key.Client.PatchJsonAsync($"/api/v1/phone-numbers/{id}", """{"inbound_agents":[]}""")).ProblemAsync(400, "validation_failed");
        await (await key.Client.PatchJsonAsync($"/api/v1/phone-numbers/{id}", $$"""{"inbound_agents":[{"agent_id":"{{othersAgent}}","weight":1}]}""")).ProblemAsync(422, "validation_failed");
        await (await key.Client.PatchJsonAsync($"/api/v1/phone-numbers/{id}", """{"unknown":1}""")).ProblemAsync(400, "validation_failed");
    }
}
