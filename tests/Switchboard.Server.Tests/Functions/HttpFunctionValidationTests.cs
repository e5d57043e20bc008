using System.Text.Json.Nodes;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Functions;

/// <summary>HTTP settings are checked when a function is saved; the shared servers have no allow-list (loopback refused).</summary>
[Collection(ApiCollection.Name)]
public sealed class HttpFunctionValidationTests(ServerFixture fixture)
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Bad_http_settings_are_422_naming_each_field(string provider)
    {
        var key = await (await fixture.GetAsync(provider)).CreateKeyAsync();
        var response = await key.Client.PostJsonAsync("/api/v1/functions", """
            {"name":"bad_http","kind":"http","http":{
              "method":"TRACE",
              "url":"https://{{host}}.example.com/a",
              "headers":{"Bad Header":"x","Host":"evil.example","X-Typo":"{{secret.}}","X-Unclosed":"{{token","X-Ok":"{{ok}}","X-Obj":{"a":1}},
              "query":{"q":"{{not valid}}"},
              "body":{"key":"{{secret.API_KEY}}","list":["{{a-b}}"]},
              "response_mapping":{"status":"$.a[*]","9bad":"$.x","rel":"a.b","quoted":"$['unterminated]"},
              "sign_request":"yes",
              "retries":3}}
            """);
        var problem = await response.ProblemAsync(422, "validation_failed");
        var errors = problem["errors"]!.AsObject().Select(e => e.Key).ToHashSet();
        foreach (var field in new[]
                 {
                     "http.method", "http.url", "http.headers.Bad Header", "http.headers.Host", "http.headers.X-Typo", "http.headers.X-Unclosed",
                     "http.headers.X-Obj", "http.query.q", "http.body.key", "http.body.list[0]", "http.response_mapping.status",
                     "http.response_mapping.9bad", "http.response_mapping.rel", "http.response_mapping.quoted", "http.sign_request", "http.retries",
                 })
            Assert.True(errors.Contains(field), $"no error for {field}: {string.Join(", ", errors)}");
        Assert.DoesNotContain("http.headers.X-Ok", errors);
        Assert.Contains("never in the body", string.Join(" ", problem["errors"]!["http.body.key"]!.AsArray()), StringComparison.Ordinal);

        // A GET has no body, credentials never go in the URL, and Content-Type needs a body.
        var more = await (await key.Client.PostJsonAsync("/api/v1/functions", """
            {"name":"bad_get","kind":"http","http":{"method":"GET","url":"https://user:pw@api.example.com/","body":{"a":1}}}
            """)).ProblemAsync(422, "validation_failed");
        Assert.NotNull(more["errors"]!["http.body"]);
        Assert.NotNull(more["errors"]!["http.url"]);
        var noBody = await (await key.Client.PostJsonAsync("/api/v1/functions", """
            {"name":"bad_type","kind":"http","http":{"method":"DELETE","url":"https://api.example.com/","headers":{"content-type":"text/plain"}}}
            """)).ProblemAsync(422, "validation_failed");
        Assert.NotNull(noBody["errors"]!["http.headers.Content-Type"]);

        // Basic fields wrong too: a plain 400 listing everything.
        var mixed = await (await key.Client.PostJsonAsync("/api/v1/functions", """
            {"name":"has space","kind":"http","http":{"method":"TRACE","url":"https://api.example.com/"}}
            """)).ProblemAsync(400, "validation_failed");
        Assert.NotNull(mixed["errors"]!["name"]);
        Assert.NotNull(mixed["errors"]!["http.method"]);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Unknown_secrets_are_refused_when_saving_and_accepted_once_they_exist(string provider)
    {
        var key = await (await fixture.GetAsync(provider)).CreateKeyAsync();
        const string Body = """
            {"name":"uses_secret","kind":"http","http":{"method":"GET","url":"https://api.example.com/v1/{{secret.PATH_TOKEN}}",
             "headers":{"Authorization":"Bearer {{secret.API_TOKEN}}"},"query":{"k":"{{secret.API_TOKEN}}"}}}
            """;
        var problem = await (await key.Client.PostJsonAsync("/api/v1/functions", Body)).ProblemAsync(422, "validation_failed");
        var errors = problem["errors"]!.AsObject();
        Assert.Contains("PATH_TOKEN", errors["http.url"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("API_TOKEN", errors["http.headers.Authorization"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("API_TOKEN", errors["http.query.k"]!.ToJsonString(), StringComparison.Ordinal);

        // Another organization's secret of that name does not count.
        var other = await (await fixture.GetAsync(provider)).CreateKeyAsync();
        await HttpFunctionTests.CreateSecretAsync(other.Client, "API_TOKEN", "other-org-token");
        await HttpFunctionTests.CreateSecretAsync(other.Client, "PATH_TOKEN", "other-org-path");
        await (await key.Client.PostJsonAsync("/api/v1/functions", Body)).ProblemAsync(422, "validation_failed");

        await HttpFunctionTests.CreateSecretAsync(key.Client, "API_TOKEN", "token-value-1234");
        await HttpFunctionTests.CreateSecretAsync(key.Client, "PATH_TOKEN", "path-value-1234");
        var id = await HttpFunctionTests.CreateAsync(key.Client, Body);

        // A patch is checked the same way.
        var patched = await key.Client.PatchJsonAsync($"/api/v1/functions/{id}", """{"http":{"headers":{"X-New":"{{secret.NOPE}}"}}}""");
        Assert.NotNull((await patched.ProblemAsync(422, "validation_failed"))["errors"]!["http.headers.X-New"]);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Without_an_allow_list_a_loopback_url_is_refused_and_never_contacted(string provider)
    {
        var key = await (await fixture.GetAsync(provider)).CreateKeyAsync();
        await using var receiver = await FunctionReceiver.StartAsync();
        var id = await HttpFunctionTests.CreateAsync(key.Client, $$$$"""
            {"name":"internal","kind":"http","http":{"method":"POST","url":"{{{{receiver.BaseUrl}}}}/admin","body":{"a":1}}}
            """);
        var localhost = await HttpFunctionTests.CreateAsync(key.Client, $$$$"""
            {"name":"internal_by_name","kind":"http","http":{"method":"GET","url":"{{{{receiver.BaseUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal)}}}}/admin"}}
            """);

        foreach (var fn in new[] { id, localhost })
        {
            var run = await HttpFunctionTests.TestAsync(key.Client, fn, "{}");
            Assert.Equal("failed", (string?)run["status"]);
            Assert.Equal("request_refused", (string?)run["error"]!["code"]);
            Assert.Contains("loopback", (string?)run["error"]!["message"], StringComparison.Ordinal);
        }
        Assert.Empty(receiver.Received);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_http_function_round_trips_its_settings(string provider)
    {
        var key = await (await fixture.GetAsync(provider)).CreateKeyAsync();
        var id = await HttpFunctionTests.CreateAsync(key.Client, """
            {"name":"full","kind":"http","http":{"method":"PATCH","url":"https://api.example.com/orders/{{order_id}}",
             "headers":{"X-Trace":"{{call_id}}"},"query":{"v":"2"},"body":{"status":"{{status}}"},
             "response_mapping":{"new_status":"$.status"},"sign_request":true},
             "parameters":{"type":"object","properties":{"order_id":{"type":"string"},"status":{"type":"string"}}}}
            """);
        var fn = await (await key.Client.GetAsync($"/api/v1/functions/{id}")).JsonAsync();
        var http = fn["http"]!;
        Assert.Equal("PATCH", (string?)http["method"]);
        Assert.Equal("{{call_id}}", (string?)http["headers"]!["X-Trace"]);
        Assert.Equal("$.status", (string?)http["response_mapping"]!["new_status"]);
        Assert.True((bool)http["sign_request"]!);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"status":"{{status}}"}"""), http["body"]));
    }
}
