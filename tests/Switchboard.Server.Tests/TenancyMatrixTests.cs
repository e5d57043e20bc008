using System.Net;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests;

/// <summary>For every API route, a key of organization B never sees, changes or learns of organization A's objects.</summary>
[Collection(ApiCollection.Name)]
public sealed class TenancyMatrixTests(ServerFixture fixture)
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Another_organization_gets_404_and_empty_lists_on_every_route(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var a = await server.CreateKeyAsync();
        var agentId = await a.Client.CreateAgentAsync("A's agent");
        await a.Client.PatchJsonAsync($"/api/v1/agents/{agentId}", """{"responsiveness":0.5}""");
        var aSecondKey = (string)(await (await a.Client.PostJsonAsync("/api/v1/api-keys", """{"name":"a2","scopes":["*"]}""")).JsonAsync())["id"]!;
        var menuId = (string)(await (await a.Client.PostJsonAsync("/api/v1/ivr-menus", IvrMenuBody("A's menu"))).JsonAsync())["id"]!;
        var functionId = (string)(await (await a.Client.PostJsonAsync("/api/v1/functions", """{"name":"a_secret_calc","kind":"builtin","builtin":"calculator"}""")).JsonAsync())["id"]!;
        await a.Client.PatchJsonAsync($"/api/v1/functions/{functionId}", """{"description":"v2"}""");
        await a.Client.PostJsonAsync($"/api/v1/functions/{functionId}/test", """{"arguments":{"expression":"1+1"},"call_id":"call_a_secret"}""");
        var tableId = (string)(await (await a.Client.PostJsonAsync("/api/v1/tables", """{"name":"a_secret_table","format":"csv","content":"k\nv\n"}""")).JsonAsync())["id"]!;
        var callId = await Calls.CallScript.RecordAsync(server, a.OrganizationId, agentId, Calls.CallScript.T0);
        var aWebhook = await a.Client.CreateWebhookAsync("https://example.com/a-hook");
        var trunkId = (string)(await (await a.Client.PostJsonAsync("/api/v1/sip-trunks", """{"name":"A's trunk","address":"sip.a-carrier.example","username":"a_user","password":"a-trunk-pw"}""")).JsonAsync())["id"]!;
        var aNumber = PhoneNumbers.TestNumbers.NewE164();
        var numberId = (string)(await (await a.Client.PostJsonAsync("/api/v1/phone-numbers", $$"""{"number":"{{aNumber}}","sip_trunk_id":"{{trunkId}}","inbound_agents":[{"agent_id":"{{agentId}}","weight":1}]}""")).JsonAsync())["id"]!;
        var secretName = "A_SECRET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var aSecretCreated = await (await a.Client.PostJsonAsync("/api/v1/secrets", $$"""{"name":"{{secretName}}","value":"a-secret-value-0451"}""")).JsonAsync();
        var aOwned = new Dictionary<string, string> { ["agents"] = agentId, ["api-keys"] = aSecondKey, ["ivr-menus"] = menuId, ["functions"] = functionId, ["tables"] = tableId, ["calls"] = callId, ["webhooks"] = aWebhook, ["sip-trunks"] = trunkId, ["phone-numbers"] = numberId, ["secrets"] = secretName };
        var aSecrets = new[] { a.KeyId, a.OrganizationId, agentId, aSecondKey, "A's agent", menuId, "A's menu", functionId, "a_secret_calc", "call_a_secret", tableId, "a_secret_table", callId, aWebhook, "a-hook", trunkId, "A's trunk", "a-carrier", "a-trunk-pw", numberId, aNumber, secretName, "a-secret-value-0451" };

        var b = await server.CreateKeyAsync();
        var bAgent = await b.Client.CreateAgentAsync("B's agent");
        var routes = ApiRoute.All(server.Services);
        Assert.NotEmpty(routes);

        foreach (var route in routes)
        {
            HttpResponseMessage response;
            if (route.HasId)
            {
                Assert.True(aOwned.TryGetValue(route.Resource, out var target),
                    $"{route}: the tenancy test has no object of organization A for resource '{route.Resource}'; add one.");
                response = await b.Client.SendAsync(route.Request(target, body: route.HasBody ? "{}" : null));
                await response.ProblemAsync(404, "not_found");
            }
            else if (route.Pattern.EndsWith("/calls/phone", StringComparison.Ordinal))
            {
                // Calling out from A's number is the tenancy question here (B owns no number to call from).
                response = await b.Client.SendAsync(route.Request(body: $$"""{"from_number":"{{aNumber}}","to_number":"+15550100","agent_id":"{{bAgent}}"}"""));
                var problem = await response.ProblemAsync(422, "validation_failed");
                Assert.NotNull(problem["errors"]!["from_number"]);
            }
            else
            {
                response = await b.Client.SendAsync(route.Request(body: route.Method == "POST" ? ValidBody(route, bAgent) : null));
                Assert.True(response.IsSuccessStatusCode, $"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            // The problem's "instance" echoes the path B itself sent; anything beyond that would be a leak.
            var text = (await response.Content.ReadAsStringAsync()).Replace(response.RequestMessage!.RequestUri!.AbsolutePath, "", StringComparison.Ordinal);
            foreach (var secret in aSecrets)
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{route} revealed '{secret}' to another organization: {text}");
        }

        // A's objects are untouched: not deleted, not changed, not revoked, not rotated.
        var agent = await (await a.Client.GetAsync($"/api/v1/agents/{agentId}")).JsonAsync();
        Assert.Equal(2, (int)agent["version"]!);
        Assert.Null(agent["published_version"]);
        var key = await (await a.Client.GetAsync($"/api/v1/api-keys/{aSecondKey}")).JsonAsync();
        Assert.Null(key["revoked_at"]);
        Assert.Null(key["rotated_at"]);
        Assert.Equal(HttpStatusCode.OK, (await a.Client.GetAsync("/api/v1/agents")).StatusCode);
        var function = await (await a.Client.GetAsync($"/api/v1/functions/{functionId}")).JsonAsync();
        Assert.Equal(2, (int)function["version"]!);
        Assert.Single((await (await a.Client.GetAsync($"/api/v1/functions/{functionId}/executions")).JsonAsync())["data"]!.AsArray());
        Assert.Equal(1, (int)(await (await a.Client.GetAsync($"/api/v1/tables/{tableId}")).JsonAsync())["row_count"]!);
        Assert.Equal(HttpStatusCode.OK, (await a.Client.GetAsync($"/api/v1/calls/{callId}")).StatusCode);
        Assert.Equal(trunkId, (string)(await (await a.Client.GetAsync($"/api/v1/phone-numbers/{numberId}")).JsonAsync())["sip_trunk_id"]!);
        Assert.Equal("A's trunk", (string)(await (await a.Client.GetAsync($"/api/v1/sip-trunks/{trunkId}")).JsonAsync())["name"]!);
        var aSecret = await (await a.Client.GetAsync($"/api/v1/secrets/{secretName}")).JsonAsync();
        Assert.Equal((string)aSecretCreated["fingerprint"]!, (string)aSecret["fingerprint"]!);

        // A's audit log holds only A's actions.
        var audit = await (await a.Client.GetAsync("/api/v1/audit-logs?limit=100")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(b.KeyId, audit, StringComparison.Ordinal);
    }

    private static string ValidBody(ApiRoute route, string agentId) => route.Resource switch
    {
        "calls" when route.Pattern.EndsWith("/web", StringComparison.Ordinal) => $$"""{"agent_id":"{{agentId}}"}""",
        "agents" => """{"name":"B's other","response_engine":{"type":"flow","flow":{"start":"bye","nodes":[{"id":"bye","type":"end","text":"Goodbye."}]}}}""",
        "webhooks" => "{\"url\":\"https://example.com/b-hook\"}",
        "api-keys" => """{"name":"b2","scopes":["agents:read"]}""",
        "ivr-menus" => IvrMenuBody("B's menu"),
        "functions" => """{"kind":"builtin","builtin":"get_current_time"}""",
        "tables" => """{"name":"b_table","format":"json","rows":[{"k":1}]}""",
        "secrets" => $$"""{"name":"B_SECRET_{{Guid.NewGuid():N}}","value":"b-value"}""",
        "sip-trunks" => """{"name":"B's trunk","address":"sip.b-carrier.example:5060"}""",
        "phone-numbers" => $$"""{"number":"{{PhoneNumbers.TestNumbers.NewE164()}}","inbound_webhook_url":"https://example.com/b-inbound"}""",
        _ => throw new InvalidOperationException($"{route}: the tenancy test needs a valid create body for '{route.Resource}'."),
    };

    private static string IvrMenuBody(string name) =>
        $$$"""{"name":"{{{name}}}","definition":{"prompt":"Press 1.","options":[{"digit":"1","action":{"type":"hangup"}}]}}""";
}
