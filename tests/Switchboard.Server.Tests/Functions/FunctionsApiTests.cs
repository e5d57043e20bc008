using System.Net;
using System.Text.Json.Nodes;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Functions;

[Collection(ApiCollection.Name)]
public sealed class FunctionsApiTests(ServerFixture fixture)
{
    private const string LookupSchema = """
        {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
         "properties":{"order_id":{"type":"string","pattern":"^[0-9]{6}$"},"count":{"type":"integer","minimum":1}},
         "required":["order_id"],"additionalProperties":false}
        """;

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Create_get_list_version_delete(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();

        var created = await key.Client.PostJsonAsync("/api/v1/functions", """{"kind":"builtin","builtin":"calculator","speak_during_execution":true}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var fn = await created.JsonAsync();
        var id = (string)fn["id"]!;
        Assert.StartsWith("fn_", id, StringComparison.Ordinal);
        Assert.Equal($"/api/v1/functions/{id}", created.Headers.Location?.ToString());
        Assert.Equal("calculator", (string?)fn["name"]); // defaults to the builtin's name
        Assert.Equal(1, (int)fn["version"]!);
        Assert.Equal(10_000, (int)fn["timeout_ms"]!);
        Assert.Equal("One moment, please.", (string?)fn["filler_line"]);
        Assert.Equal("object", (string?)fn["parameters"]!["type"]);
        Assert.NotNull(fn["parameters"]!["properties"]!["expression"]);

        var v2 = await (await key.Client.PatchJsonAsync($"/api/v1/functions/{id}", """{"name":"calc","timeout_ms":5000,"pii_fields":["phone"]}""")).JsonAsync();
        Assert.Equal(2, (int)v2["version"]!);
        Assert.Equal("calc", (string?)v2["name"]);
        Assert.Equal(5000, (int)v2["timeout_ms"]!);
        Assert.Equal("calculator", (string?)v2["builtin"]);

        var v1 = await (await key.Client.GetAsync($"/api/v1/functions/{id}?version=1")).JsonAsync();
        Assert.Equal("calculator", (string?)v1["name"]);
        Assert.Equal(10_000, (int)v1["timeout_ms"]!);
        await (await key.Client.GetAsync($"/api/v1/functions/{id}?version=7")).ProblemAsync(404, "not_found");

        var versions = (await (await key.Client.GetAsync($"/api/v1/functions/{id}/versions")).JsonAsync())["data"]!.AsArray();
        Assert.Equal([2, 1], versions.Select(v => (int)v!["version"]!));
        Assert.Equal(["calc", "calculator"], versions.Select(v => (string)v!["name"]!));

        var list = await (await key.Client.GetAsync("/api/v1/functions")).JsonAsync();
        Assert.Equal("calc", (string?)Assert.Single(list["data"]!.AsArray())!["name"]);

        // A built-in's schema is the server's.
        var refused = await key.Client.PatchJsonAsync($"/api/v1/functions/{id}", """{"parameters":{"properties":{"x":{"type":"string"}}}}""");
        Assert.Contains("parameters", (await refused.ProblemAsync(400, "validation_failed"))["errors"]!.AsObject().Select(e => e.Key));

        Assert.Equal(HttpStatusCode.NoContent, (await key.Client.DeleteAsync($"/api/v1/functions/{id}")).StatusCode);
        await (await key.Client.GetAsync($"/api/v1/functions/{id}")).ProblemAsync(404, "not_found");
        // The name is free again once deleted.
        Assert.Equal(HttpStatusCode.Created, (await key.Client.PostJsonAsync("/api/v1/functions", """{"name":"calc","kind":"builtin","builtin":"calculator"}""")).StatusCode);

        var audit = await (await key.Client.GetAsync("/api/v1/audit-logs?target_type=function")).Content.ReadAsStringAsync();
        foreach (var action in new[] { "functions.create", "functions.update", "functions.delete" }) Assert.Contains(action, audit, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Names_are_unique_per_organization(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var other = await server.CreateKeyAsync();
        var body = """{"name":"lookup","kind":"builtin","builtin":"get_current_time"}""";
        Assert.Equal(HttpStatusCode.Created, (await key.Client.PostJsonAsync("/api/v1/functions", body)).StatusCode);
        await (await key.Client.PostJsonAsync("/api/v1/functions", body)).ProblemAsync(409, "conflict");
        Assert.Equal(HttpStatusCode.Created, (await other.Client.PostJsonAsync("/api/v1/functions", body)).StatusCode);

        var second = (string)(await (await key.Client.PostJsonAsync("/api/v1/functions", """{"name":"other","kind":"builtin","builtin":"calculator"}""")).JsonAsync())["id"]!;
        await (await key.Client.PatchJsonAsync($"/api/v1/functions/{second}", """{"name":"lookup"}""")).ProblemAsync(409, "conflict");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Validation_names_every_bad_field(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var response = await key.Client.PostJsonAsync("/api/v1/functions", """
            {"name":"has space","kind":"http","builtin":"calculator","timeout_ms":200000,"filler_line":"","pii_fields":[""],
             "http":{"method":"TRACE","url":"ftp://x"},
             "parameters":{"type":"object","properties":{"a":{"const":1},"b":{"$ref":"#/$defs/b"}}}}
            """);
        var errors = (await response.ProblemAsync(400, "validation_failed"))["errors"]!.AsObject().Select(e => e.Key).ToHashSet();
        foreach (var field in new[] { "name", "builtin", "timeout_ms", "filler_line", "pii_fields[0]", "http.method", "http.url",
                     "parameters.properties.a.const", "parameters.properties.b.$ref" })
            Assert.True(errors.Contains(field), $"no error for {field}: {string.Join(", ", errors)}");

        var schemaNotObject = await key.Client.PostJsonAsync("/api/v1/functions", """
            {"name":"x","kind":"http","http":{"method":"GET","url":"https://example.com"},"parameters":{"type":"array"}}
            """);
        Assert.Contains("parameters.type", (await schemaNotObject.ProblemAsync(400, "validation_failed"))["errors"]!.AsObject().Select(e => e.Key));

        await (await key.Client.PostJsonAsync("/api/v1/functions", """{"name":"x","kind":"lambda"}""")).ProblemAsync(400, "validation_failed");
        await (await key.Client.PostJsonAsync("/api/v1/functions", """{"name":"x","kind":"builtin","builtin":"rm_rf"}""")).ProblemAsync(400, "validation_failed");
        await (await key.Client.PostJsonAsync("/api/v1/functions", """{"name":"x","kind":"builtin","builtin":"calculator","bogus":1}""")).ProblemAsync(400, "validation_failed");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Arguments_are_validated_before_anything_runs_and_every_problem_is_listed(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var id = await CreateHttpFunctionAsync(key.Client, "lookup_order", LookupSchema);

        var run = await (await key.Client.PostJsonAsync($"/api/v1/functions/{id}/test", """{"arguments":{"count":0,"extra":true}}""")).JsonAsync();
        Assert.Equal("invalid_arguments", (string?)run["status"]);
        var error = run["error"]!;
        Assert.Equal("invalid_arguments", (string?)error["code"]);
        var problems = error["problems"]!.AsArray().Select(p => ((string)p!["path"]!, (string)p["message"]!)).ToList();
        Assert.Contains(problems, p => p.Item1 == "order_id" && p.Item2.Contains("required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Item1 == "count" && p.Item2.Contains("at least 1", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Item1 == "extra" && p.Item2.Contains("not allowed", StringComparison.Ordinal));
        // The message alone is enough for an LLM to fix its call.
        Assert.Contains("order_id", (string?)error["message"], StringComparison.Ordinal);

        var notObject = await (await key.Client.PostJsonAsync($"/api/v1/functions/{id}/test", """{"arguments":[1]}""")).JsonAsync();
        Assert.Equal("invalid_arguments", (string?)notObject["status"]);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Builtins_run_through_test_and_every_run_is_logged(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var calc = await CreateBuiltinAsync(key.Client, "calculator");

        var ok = await (await key.Client.PostJsonAsync($"/api/v1/functions/{calc}/test",
            """{"arguments":{"expression":"2 * (3 + 4) - 0.1 - 0.2"},"call_id":"call_1"}""")).JsonAsync();
        Assert.Equal("succeeded", (string?)ok["status"]);
        Assert.Equal(13.7, (double)ok["result"]!["result"]!);
        Assert.True((double)ok["latency_ms"]! >= 0);
        Assert.StartsWith("fnx_", (string?)ok["execution_id"], StringComparison.Ordinal);

        var divide = await (await key.Client.PostJsonAsync($"/api/v1/functions/{calc}/test", """{"arguments":{"expression":"1/0"},"call_id":"call_2"}""")).JsonAsync();
        Assert.Equal("failed", (string?)divide["status"]);
        Assert.Equal("calculation_error", (string?)divide["error"]!["code"]);
        Assert.Contains("Division by zero", (string?)divide["error"]!["message"], StringComparison.Ordinal);

        var time = await CreateBuiltinAsync(key.Client, "get_current_time");
        var berlin = await (await key.Client.PostJsonAsync($"/api/v1/functions/{time}/test", """{"arguments":{"timezone":"Europe/Berlin"}}""")).JsonAsync();
        Assert.Equal("Europe/Berlin", (string?)berlin["result"]!["timezone"]);
        var mars = await (await key.Client.PostJsonAsync($"/api/v1/functions/{time}/test", """{"arguments":{"timezone":"Mars/Base"}}""")).JsonAsync();
        Assert.Equal("invalid_arguments", (string?)mars["error"]!["code"]);

        foreach (var live in new[] { "end_call", "transfer_call", "press_digit" })
        {
            var fn = await CreateBuiltinAsync(key.Client, live);
            var args = live switch { "transfer_call" => """{"target":"+14155550123"}""", "press_digit" => """{"digits":"1#"}""", _ => "{}" };
            var run = await (await key.Client.PostJsonAsync($"/api/v1/functions/{fn}/test", $$"""{"arguments":{{args}}}""")).JsonAsync();
            Assert.Equal("only_during_call", (string?)run["error"]!["code"]);
            Assert.Contains("only available during a call", (string?)run["error"]!["message"], StringComparison.Ordinal);
        }

        var weather = await CreateBuiltinAsync(key.Client, "get_weather");
        var noProvider = await (await key.Client.PostJsonAsync($"/api/v1/functions/{weather}/test", """{"arguments":{"location":"Berlin"}}""")).JsonAsync();
        Assert.Equal("provider_not_configured", (string?)noProvider["error"]!["code"]);

        var all = (await (await key.Client.GetAsync($"/api/v1/functions/{calc}/executions")).JsonAsync())["data"]!.AsArray();
        Assert.Equal(["failed", "succeeded"], all.Select(e => (string)e!["status"]!));
        Assert.Equal("2 * (3 + 4) - 0.1 - 0.2", (string?)all[1]!["arguments"]!["expression"]);
        Assert.Equal(13.7, (double)all[1]!["result"]!["result"]!);
        Assert.Equal("calculation_error", (string?)all[0]!["error"]!["code"]);
        Assert.Equal(1, (int)all[0]!["function_version"]!);

        var failed = (await (await key.Client.GetAsync($"/api/v1/functions/{calc}/executions?status=failed")).JsonAsync())["data"]!.AsArray();
        Assert.Equal("call_2", (string?)Assert.Single(failed)!["call_id"]);
        var byCall = (await (await key.Client.GetAsync($"/api/v1/functions/{calc}/executions?call_id=call_1")).JsonAsync())["data"]!.AsArray();
        Assert.Equal("succeeded", (string?)Assert.Single(byCall)!["status"]);
        await (await key.Client.GetAsync($"/api/v1/functions/{calc}/executions?status=weird")).ProblemAsync(400, "validation_failed");

        var page1 = await (await key.Client.GetAsync($"/api/v1/functions/{calc}/executions?limit=1")).JsonAsync();
        Assert.True((bool)page1["has_more"]!);
        var page2 = await (await key.Client.GetAsync($"/api/v1/functions/{calc}/executions?limit=1&after={(string)page1["next_cursor"]!}")).JsonAsync();
        Assert.False((bool)page2["has_more"]!);
        Assert.NotEqual((string?)page1["data"]![0]!["id"], (string?)page2["data"]![0]!["id"]);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_execution_log_masks_secrets_and_configured_pii_fields(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var response = await key.Client.PostJsonAsync("/api/v1/functions", """
            {"name":"crm_note","kind":"http","http":{"method":"POST","url":"http://127.0.0.1:9/notes"},"pii_fields":["phone","date_of_birth"],
             "parameters":{"type":"object","properties":{"phone":{"type":"string"},"note":{"type":"string"},"password":{"type":"string"},
               "caller":{"type":"object","properties":{"date_of_birth":{"type":"string"},"name":{"type":"string"}}}}}}
            """);
        var id = (string)(await response.JsonAsync())["id"]!;
        await key.Client.PostJsonAsync($"/api/v1/functions/{id}/test", """
            {"arguments":{"phone":"+14155550123","note":"card 4111 1111 1111 1111, key sk-proj-abcdefghijklmnopqrstuvwx",
              "password":"hunter2-hunter2","caller":{"date_of_birth":"1990-04-01","name":"Ada"}}}
            """);

        var text = await (await key.Client.GetAsync($"/api/v1/functions/{id}/executions")).Content.ReadAsStringAsync();
        foreach (var secret in new[] { "+14155550123", "4111 1111 1111 1111", "sk-proj-abcdefghijklmnopqrstuvwx", "hunter2", "1990-04-01" })
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        var args = (await (await key.Client.GetAsync($"/api/v1/functions/{id}/executions")).JsonAsync())["data"]![0]!["arguments"]!;
        Assert.Equal("[masked]", (string?)args["phone"]);
        Assert.Equal("[masked]", (string?)args["caller"]!["date_of_birth"]);
        Assert.Equal("Ada", (string?)args["caller"]!["name"]);
        Assert.StartsWith("card [masked], key [masked]", (string?)args["note"], StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Builtins_list_names_each_with_its_schema(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync(scopes: "functions:read");
        var data = (await (await key.Client.GetAsync("/api/v1/functions/builtins")).JsonAsync())["data"]!.AsArray();
        var names = data.Select(b => (string)b!["name"]!).ToList();
        Assert.Equal(["calculator", "end_call", "get_current_time", "get_weather", "press_digit", "query_table", "transfer_call"], names);
        Assert.Equal("call", (string?)data.Single(b => (string)b!["name"]! == "end_call")!["runs_on"]);
        Assert.Equal("object", (string?)data.Single(b => (string)b!["name"]! == "query_table")!["parameters"]!["type"]);
    }

    internal static async Task<string> CreateBuiltinAsync(HttpClient client, string builtin, string? extra = null)
    {
        var response = await client.PostJsonAsync("/api/v1/functions", $$"""{"kind":"builtin","builtin":"{{builtin}}"{{extra}}}""");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return (string)JsonNode.Parse(body)!["id"]!;
    }

    private static async Task<string> CreateHttpFunctionAsync(HttpClient client, string name, string schema)
    {
        var response = await client.PostJsonAsync("/api/v1/functions", $$$"""
            {"name":"{{{name}}}","description":"Look an order up.","kind":"http",
             "http":{"method":"GET","url":"https://api.example.com/orders/{{order_id}}"},"parameters":{{{schema}}}}
            """);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return (string)JsonNode.Parse(body)!["id"]!;
    }
}
