using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests;

public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task Lists_every_mapped_route_and_serves_the_reference_page()
    {
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite);
        var doc = await (await server.CreateClient().GetAsync("/api/docs.json")).JsonAsync();
        Assert.StartsWith("3.1", (string)doc["openapi"]!, StringComparison.Ordinal);
        var documented = Operations(doc).Select(o => $"{o.Method} {o.Path}").ToHashSet();
        var mapped = ApiRoute.All(server.Services, includeAnonymous: true).Select(r => r.ToString()).ToHashSet();
        Assert.Empty(mapped.Except(documented));
        Assert.Empty(documented.Where(d => d.Contains("/api/v1", StringComparison.Ordinal)).Except(mapped));

        foreach (var (_, _, operation) in Operations(doc))
        {
            Assert.False(string.IsNullOrEmpty((string?)operation["summary"]), operation.ToJsonString());
            Assert.False(string.IsNullOrEmpty((string?)operation["operationId"]), operation.ToJsonString());
        }

        var redirect = await server.CreateClient().GetAsync("/api/docs");
        Assert.Equal(System.Net.HttpStatusCode.Found, redirect.StatusCode);
        var page = await server.CreateClient().GetAsync("/api/docs/");
        Assert.True(page.IsSuccessStatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Switchboard API", html, StringComparison.Ordinal);
        Assert.Contains("docs.json", html, StringComparison.Ordinal);
    }

    /// <summary>The request examples in the document are accepted by the server as they stand.</summary>
    [Fact]
    public async Task Request_examples_are_valid_requests()
    {
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite);
        var doc = await (await server.CreateClient().GetAsync("/api/docs.json")).JsonAsync();
        var key = await server.CreateKeyAsync();
        var agentId = await key.Client.CreateAgentAsync();
        var menuId = (string)(await (await key.Client.PostJsonAsync("/api/v1/ivr-menus",
            """{"name":"m","definition":{"prompt":"Press 1.","options":[{"digit":"1","action":{"type":"hangup"}}]}}""")).JsonAsync())["id"]!;
        var functionId = (string)(await (await key.Client.PostJsonAsync("/api/v1/functions", """{"kind":"builtin","builtin":"calculator"}""")).JsonAsync())["id"]!;
        var webhookId = await key.Client.CreateWebhookAsync();
        var trunkId = await PhoneNumbers.PhoneNumberProvocations.CreateTrunkAsync(key.Client);
        var numberId = await PhoneNumbers.PhoneNumberProvocations.CreateNumberAsync(key.Client);
        Assert.True((await key.Client.PostJsonAsync("/api/v1/secrets", """{"name":"EXAMPLE_TARGET","value":"v"}""")).IsSuccessStatusCode);
        // The function example sends this secret (it has to exist for the function to be saved).
        Assert.True((await key.Client.PostJsonAsync("/api/v1/secrets", """{"name":"ORDERS_API_TOKEN","value":"token-1234"}""")).IsSuccessStatusCode);
        var examples = 0;
        foreach (var (method, path, operation) in Operations(doc))
        {
            var example = operation["requestBody"]?["content"]?["application/json"]?["example"];
            if (example is null) continue;
            examples++;
            var id = path.Contains("api-keys", StringComparison.Ordinal) ? key.KeyId
                : path.Contains("ivr-menus", StringComparison.Ordinal) ? menuId
                : path.Contains("functions", StringComparison.Ordinal) ? functionId
                : path.Contains("webhooks", StringComparison.Ordinal) ? webhookId
                : path.Contains("sip-trunks", StringComparison.Ordinal) ? trunkId
                : path.Contains("phone-numbers", StringComparison.Ordinal) ? numberId
                : path.Contains("secrets", StringComparison.Ordinal) ? "EXAMPLE_TARGET"
                : agentId;
            var url = path.Replace("{id}", id, StringComparison.Ordinal);
            using var request = new HttpRequestMessage(new HttpMethod(method), url)
            {
                Content = new StringContent(example.ToJsonString().Replace(PhoneNumbers.PhoneNumberProvocations.ExampleAgentId, agentId, StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"),
            };
            var response = await key.Client.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"{method} {path} example: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        Assert.True(examples >= 4, $"only {examples} request examples");

        var problem = doc["paths"]!["/api/v1/agents"]!["post"]!["responses"]!["400"]!["content"]!["application/problem+json"]!["example"]!;
        Assert.Equal("validation_failed", (string)problem["code"]!);
    }

    /// <summary>
    /// Each documented error status is provoked for real on its route. A status that no request can produce
    /// would fail here, and so would a route that documents none.
    /// </summary>
    [Fact]
    public async Task Every_documented_error_status_is_one_the_route_returns()
    {
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite, Telephony.PhoneCallProvocations.SipOnAnyPort);
        var doc = await (await server.CreateClient().GetAsync("/api/docs.json")).JsonAsync();
        var routes = ApiRoute.All(server.Services).ToDictionary(r => r.ToString());

        foreach (var (method, path, operation) in Operations(doc))
        {
            if (!routes.TryGetValue($"{method} {path}", out var route)) continue;
            var statuses = operation["responses"]!.AsObject().Select(r => int.Parse(r.Key)).Where(s => s >= 400).ToList();
            Assert.Contains(401, statuses);
            foreach (var status in statuses)
            {
                var response = await ProvokeAsync(server, route, status);
                Assert.True((int)response.StatusCode == status,
                    $"{route} documents {status} but the provocation got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    private static async Task<HttpResponseMessage> ProvokeAsync(TestServerInstance server, ApiRoute route, int status)
    {
        switch (status)
        {
            case 401:
                return await server.CreateClient().SendAsync(route.Request());
            case 403:
                return await (await server.CreateKeyAsync(scopes: route.Scope!.StartsWith("audit", StringComparison.Ordinal) ? "agents:read" : "audit:read")).Client.SendAsync(route.Request());
            case 429:
            {
                var key = await server.CreateKeyAsync(ratePerMinute: 1);
                await key.Client.SendAsync(route.Request());
                return await key.Client.SendAsync(route.Request());
            }
        }

        var owner = await server.CreateKeyAsync();
        var id = route.Resource switch
        {
            "agents" => await owner.Client.CreateAgentAsync(),
            "api-keys" => owner.KeyId,
            "ivr-menus" => (string)(await (await owner.Client.PostJsonAsync("/api/v1/ivr-menus",
                """{"name":"m","definition":{"prompt":"Press 1.","options":[{"digit":"1","action":{"type":"hangup"}}]}}""")).JsonAsync())["id"]!,
            "webhooks" => await owner.Client.CreateWebhookAsync(),
            "functions" => (string)(await (await owner.Client.PostJsonAsync("/api/v1/functions", """{"kind":"builtin","builtin":"calculator"}""")).JsonAsync())["id"]!,
            "sip-trunks" => await PhoneNumbers.PhoneNumberProvocations.CreateTrunkAsync(owner.Client),
            "phone-numbers" => await PhoneNumbers.PhoneNumberProvocations.CreateNumberAsync(owner.Client),
            _ => "x_none",
        };
        return status switch
        {
            404 => await owner.Client.SendAsync(route.Request("x_unknown")),
            400 when route.HasBody => await owner.Client.SendAsync(route.Request(id, body: "{\"broken\":")),
            400 => await owner.Client.SendAsync(route.Request(id, query: "?limit=0&from=2030-01-02&to=2030-01-01")),
            422 when route.Pattern.EndsWith("/calls/phone", StringComparison.Ordinal) => await owner.Client.SendAsync(route.Request(body:
                $$"""{"from_number":"+15550111","to_number":"+15550100","agent_id":"{{await owner.Client.CreateAgentAsync()}}"}""")),
            422 => await owner.Client.SendAsync(route.Request(id, body: route.Resource == "ivr-menus"
                ? """{"name":"m","definition":{"prompt":"","options":[]}}"""
                : route.Resource == "phone-numbers" ? PhoneNumbers.PhoneNumberProvocations.UnprocessableBody()
                : route.Resource == "functions" ? """{"name":"x422","kind":"http","builtin":null,"http":{"method":"TRACE","url":"https://example.com/"}}"""
                : """{"name":"a","response_engine":{"type":"ivr","model":null,"system_prompt":null,"ivr_menu_id":"ivr_missing"}}""")),
            409 when route.Resource == "ivr-menus" => await ConflictAsync(owner, route, id),
            409 when route.Pattern.EndsWith("/calls/web", StringComparison.Ordinal) => await IdempotencyConflictAsync(owner, route),
            409 when route.Pattern.EndsWith("/calls/phone", StringComparison.Ordinal) => await Telephony.PhoneCallProvocations.IdempotencyConflictAsync(owner, route),
            503 when route.Pattern.EndsWith("/calls/phone", StringComparison.Ordinal) => await Telephony.PhoneCallProvocations.UnavailableAsync(route),
            409 when route.Resource == "calls" => await owner.Client.SendAsync(route.Request(await RegisteredCallAsync(server, owner),
                body: route.HasBody ? """{"text":"hello"}""" : null)),
            409 when route.Resource is "sip-trunks" or "phone-numbers" => await PhoneNumbers.PhoneNumberProvocations.ConflictAsync(owner, route, id),
            413 => await owner.Client.SendAsync(route.Request(id, body: "{\"name\":\"" + new string('a', 1_100_000) + "\"}")),
            415 => await owner.Client.SendAsync(new HttpRequestMessage(new HttpMethod(route.Method), route.Url(id))
            {
                Content = new StringContent("{}", System.Text.Encoding.UTF8, "text/plain"),
            }),
            _ => throw new InvalidOperationException($"{route} documents {status}; this test does not know how to provoke it."),
        };
    }

    /// <summary>The same Idempotency-Key with a different body.</summary>
    private static async Task<HttpResponseMessage> IdempotencyConflictAsync(TestKey owner, ApiRoute route)
    {
        var agentId = await owner.Client.CreateAgentAsync();
        HttpRequestMessage Request(string body)
        {
            var request = route.Request(body: body);
            request.Headers.Add("Idempotency-Key", "conflict-key");
            return request;
        }
        var first = await owner.Client.SendAsync(Request($$"""{"agent_id":"{{agentId}}"}"""));
        Assert.True(first.IsSuccessStatusCode, await first.Content.ReadAsStringAsync());
        return await owner.Client.SendAsync(Request($$$"""{"agent_id":"{{{agentId}}}","metadata":{"other":true}}"""));
    }

    /// <summary>A call that is recorded but not running here: live control answers 409.</summary>
    private static Task<string> RegisteredCallAsync(TestServerInstance server, TestKey owner) =>
        server.Services.GetRequiredService<Switchboard.ControlPlane.Calls.CallRegistry>().RegisterAsync(owner.OrganizationId,
            new Switchboard.ControlPlane.Calls.CallRegistration("agent_x", 1, "web", null, null, null, null), CancellationToken.None);

    /// <summary>An IVR menu an agent starts in cannot be deleted.</summary>
    private static async Task<HttpResponseMessage> ConflictAsync(TestKey owner, ApiRoute route, string menuId)
    {
        await owner.Client.PostJsonAsync("/api/v1/agents", $$$"""{"name":"a","response_engine":{"type":"ivr","ivr_menu_id":"{{{menuId}}}"}}""");
        return await owner.Client.SendAsync(route.Request(menuId));
    }

    private static IEnumerable<(string Method, string Path, JsonObject Operation)> Operations(JsonNode doc)
    {
        foreach (var (path, item) in doc["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation is JsonObject op && method is "get" or "post" or "put" or "patch" or "delete")
                    yield return (method.ToUpperInvariant(), path, op);
            }
        }
    }
}
