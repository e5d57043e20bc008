using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Functions;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Tools;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Server.Tests.Webhooks;

namespace Switchboard.Server.Tests.Functions;

/// <summary>HTTP functions against a real Kestrel receiver on 127.0.0.1, run through <c>POST /functions/{id}/test</c>.</summary>
public sealed class HttpFunctionTests(HttpFunctionHosts hosts) : IClassFixture<HttpFunctionHosts>
{
    private const string SecretValue = "crm-live-9f8e7d6c5b4a3921";

    private const string OrderSchema = """
        {"type":"object","properties":{"order_id":{"type":"string"},"count":{"type":"integer"},"query":{"type":"string"},
         "note":{"type":"string"},"optional":{"type":"string"}},"required":["order_id"]}
        """;

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Method_url_query_headers_and_body_are_filled_from_arguments_variables_and_secrets(string provider)
    {
        var key = await (await hosts.GetAsync(provider)).CreateKeyAsync();
        // The receiver echoes the credential back, as careless servers do: it must still not reach the model or the log.
        await using var receiver = await FunctionReceiver.StartAsync((r, c) =>
            c.Response.WriteAsJsonAsync(new { ok = true, echoed_key = r.Headers["x-api-key"] }));
        await CreateSecretAsync(key.Client, "CRM_KEY", SecretValue);
        var id = await CreateAsync(key.Client, $$$$"""
            {"name":"create_note","kind":"http","parameters":{{{{OrderSchema}}}},
             "http":{"method":"POST","url":"{{{{receiver.BaseUrl}}}}/orders/{{order_id}}/notes?fixed=1",
               "headers":{"X-Api-Key":"{{secret.CRM_KEY}}","X-Agent":"{{agent_name}}","X-Count":"{{count}}"},
               "query":{"q":"{{query}}","agent":"{{ agent_name }}"},
               "body":{"order":"{{order_id}}","count":"{{count}}","note":"said: {{note}}","nested":{"who":["{{agent_name}}"]},
                       "missing":"{{optional}}","literal":42}}}
            """);

        var run = await TestAsync(key.Client, id, """
            {"arguments":{"order_id":"A/1 b?#","count":3,"query":"a&b=c d","note":"he said \"hi\"\n","agent_name":"Mallory"},
             "dynamic_variables":{"agent_name":"Ada Lovelace"}}
            """);
        Assert.Equal("succeeded", (string?)run["status"]);

        var request = Assert.Single(receiver.Received);
        Assert.Equal("POST", request.Method);
        // Values are percent-encoded: a slash, '?' or '#' in an argument cannot change the path or start a query.
        Assert.Equal("/orders/A%2F1%20b%3F%23/notes?fixed=1&q=a%26b%3Dc%20d&agent=Ada%20Lovelace", request.RawTarget);
        Assert.Equal(SecretValue, request.Headers["x-api-key"]);
        // An argument the schema does not declare never stands in for the operator's dynamic variable.
        Assert.Equal("Ada Lovelace", request.Headers["x-agent"]);
        Assert.Equal("3", request.Headers["x-count"]);
        Assert.StartsWith("application/json", request.Headers["content-type"], StringComparison.Ordinal);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("A/1 b?#", (string?)body["order"]);
        Assert.Equal(3, (int)body["count"]!); // a whole-value placeholder keeps the argument's JSON type
        Assert.Equal("said: he said \"hi\"\n", (string?)body["note"]);
        Assert.Equal("Ada Lovelace", (string?)body["nested"]!["who"]![0]);
        Assert.Null(body["missing"]);
        Assert.Equal(42, (int)body["literal"]!);

        // What the model reads: the status and the body, with the echoed secret masked.
        var result = run["result"]!;
        Assert.Equal(200, (int)result["status"]!);
        Assert.True((bool)result["body"]!["ok"]!);
        Assert.Equal("[masked]", (string?)result["body"]!["echoed_key"]);

        // Nowhere the API shows: the test answer, the execution log, the function itself.
        var everything = run.ToJsonString()
            + await (await key.Client.GetAsync($"/api/v1/functions/{id}/executions")).Content.ReadAsStringAsync()
            + await (await key.Client.GetAsync($"/api/v1/functions/{id}")).Content.ReadAsStringAsync()
            + await (await key.Client.GetAsync("/api/v1/secrets")).Content.ReadAsStringAsync()
            + await (await key.Client.GetAsync("/api/v1/audit-logs?limit=100")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(SecretValue, everything, StringComparison.Ordinal);
        Assert.Contains("{{secret.CRM_KEY}}", await (await key.Client.GetAsync($"/api/v1/functions/{id}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_secret_echoed_in_an_error_answer_is_masked_for_the_model_and_the_log(string provider)
    {
        var key = await (await hosts.GetAsync(provider)).CreateKeyAsync();
        // Echoes the query (percent-encoded) and the header (raw) in a 401, as some APIs do.
        await using var receiver = await FunctionReceiver.StartAsync((r, c) =>
            Json(c, 401, JsonSerializer.Serialize(new { error = "bad key " + r.Headers["x-key"], request = r.RawTarget })));
        const string Tricky = "s3cr=t/value with space";
        await CreateSecretAsync(key.Client, "TRICKY", Tricky);
        var id = await CreateAsync(key.Client, $$$$"""
            {"name":"echo_error","kind":"http","http":{"method":"GET","url":"{{{{receiver.BaseUrl}}}}/e","query":{"k":"{{secret.TRICKY}}"},
             "headers":{"X-Key":"{{secret.TRICKY}}"}}}
            """);

        var run = await TestAsync(key.Client, id, "{}");
        Assert.Equal("http_error", (string?)run["error"]!["code"]);
        var message = (string)run["error"]!["message"]!;
        Assert.Contains("401", message, StringComparison.Ordinal);
        Assert.Contains("bad key [masked]", message, StringComparison.Ordinal);
        Assert.Contains("/e?k=[masked]", message, StringComparison.Ordinal);
        var log = await (await key.Client.GetAsync($"/api/v1/functions/{id}/executions")).Content.ReadAsStringAsync();
        foreach (var form in new[] { Tricky, Uri.EscapeDataString(Tricky) })
        {
            Assert.DoesNotContain(form, message, StringComparison.Ordinal);
            Assert.DoesNotContain(form, log, StringComparison.Ordinal);
        }
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Response_mapping_picks_values_by_json_path(string provider)
    {
        var key = await (await hosts.GetAsync(provider)).CreateKeyAsync();
        await using var receiver = await FunctionReceiver.StartAsync((_, c) => Json(c, 200, """
            {"order":{"status":"shipped","items":[{"sku":"A-1","qty":2},{"sku":"B-7"}]},"weird key":{"x":true}}
            """));
        var id = await CreateAsync(key.Client, $$$$"""
            {"name":"order_status","kind":"http","parameters":{{{{OrderSchema}}}},
             "http":{"method":"GET","url":"{{{{receiver.BaseUrl}}}}/orders/{{order_id}}",
               "response_mapping":{"status":"$.order.status","second_sku":"$.order.items[1].sku","first":"$.order.items[0]",
                                   "x":"$['weird key'].x","gone":"$.order.nope[3]"}}}
            """);

        var run = await TestAsync(key.Client, id, """{"arguments":{"order_id":"123"}}""");
        Assert.Equal("succeeded", (string?)run["status"]);
        var variables = run["result"]!["variables"]!;
        Assert.Equal("shipped", (string?)variables["status"]);
        Assert.Equal("B-7", (string?)variables["second_sku"]);
        Assert.Equal(2, (int)variables["first"]!["qty"]!);
        Assert.True((bool)variables["x"]!);
        Assert.True(variables.AsObject().ContainsKey("gone"));
        Assert.Null(variables["gone"]);
        Assert.Equal("shipped", (string?)run["result"]!["body"]!["order"]!["status"]);
        Assert.Equal("GET", Assert.Single(receiver.Received).Method);
        Assert.Equal("", receiver.Received[0].Body);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Text_bodies_come_back_as_text_and_long_ones_are_cut_visibly(string provider)
    {
        var key = await (await hosts.GetAsync(provider)).CreateKeyAsync();
        await using var receiver = await FunctionReceiver.StartAsync((r, c) =>
        {
            c.Response.ContentType = "text/plain; charset=utf-8";
            return c.Response.WriteAsync(r.Path == "/long" ? new string('x', 40_000) : "plain answer");
        });
        var shortId = await CreateAsync(key.Client, $$$$"""{"name":"short_text","kind":"http","http":{"method":"GET","url":"{{{{receiver.BaseUrl}}}}/short"}}""");
        var longId = await CreateAsync(key.Client, $$$$"""{"name":"long_text","kind":"http","http":{"method":"GET","url":"{{{{receiver.BaseUrl}}}}/long"}}""");

        var text = (await TestAsync(key.Client, shortId, "{}"))["result"]!;
        Assert.Equal("plain answer", (string?)text["body"]);
        Assert.Null(text["body_truncated"]);

        var cut = (await TestAsync(key.Client, longId, "{}"))["result"]!;
        Assert.Equal(16 * 1024, ((string)cut["body"]!).Length);
        Assert.True((bool)cut["body_truncated"]!);
        Assert.Contains("40000", (string?)cut["body_note"], StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_non_2xx_answer_is_an_http_error_the_model_can_read(string provider)
    {
        var key = await (await hosts.GetAsync(provider)).CreateKeyAsync();
        await using var receiver = await FunctionReceiver.StartAsync((r, c) => r.Path == "/moved"
            ? Redirect(c)
            : Json(c, 404, """{"error":"order 123 not found"}"""));
        var id = await CreateAsync(key.Client, $$$$"""{"name":"missing_order","kind":"http","http":{"method":"GET","url":"{{{{receiver.BaseUrl}}}}/orders/123"}}""");
        var moved = await CreateAsync(key.Client, $$$$"""{"name":"moved","kind":"http","http":{"method":"GET","url":"{{{{receiver.BaseUrl}}}}/moved"}}""");

        var run = await TestAsync(key.Client, id, "{}");
        Assert.Equal("failed", (string?)run["status"]);
        Assert.Equal("http_error", (string?)run["error"]!["code"]);
        var message = (string)run["error"]!["message"]!;
        Assert.Contains("404", message, StringComparison.Ordinal);
        Assert.Contains("order 123 not found", message, StringComparison.Ordinal);
        var logged = (await (await key.Client.GetAsync($"/api/v1/functions/{id}/executions")).JsonAsync())["data"]![0]!;
        Assert.Equal("http_error", (string?)logged["error"]!["code"]);

        // Redirects are reported, never followed (the target here is the cloud metadata address).
        var redirected = await TestAsync(key.Client, moved, "{}");
        Assert.Equal("http_error", (string?)redirected["error"]!["code"]);
        Assert.Contains("never follow redirects", (string?)redirected["error"]!["message"], StringComparison.Ordinal);
        Assert.Equal(2, receiver.Received.Count);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_server_slower_than_the_timeout_gives_a_timeout_error(string provider)
    {
        var key = await (await hosts.GetAsync(provider)).CreateKeyAsync();
        await using var receiver = await FunctionReceiver.StartAsync(async (_, c) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, c.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        });
        var id = await CreateAsync(key.Client, $$$$"""{"name":"slow","kind":"http","timeout_ms":2000,"http":{"method":"GET","url":"{{{{receiver.BaseUrl}}}}/slow"}}""");

        var running = key.Client.PostJsonAsync($"/api/v1/functions/{id}/test", "{}");
        await receiver.FirstRequest.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(running.IsCompleted);
        hosts.Time.Advance(TimeSpan.FromMilliseconds(2001));
        var run = await (await running.WaitAsync(TimeSpan.FromSeconds(30))).JsonAsync();
        Assert.Equal("timed_out", (string?)run["status"]);
        Assert.Equal("timeout", (string?)run["error"]!["code"]);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_response_over_1_MB_is_refused_with_or_without_a_content_length(string provider)
    {
        var key = await (await hosts.GetAsync(provider)).CreateKeyAsync();
        var big = new byte[1024 * 1024 + 1];
        Array.Fill(big, (byte)'a');
        await using var receiver = await FunctionReceiver.StartAsync(async (r, c) =>
        {
            c.Response.ContentType = "text/plain";
            if (r.Path == "/declared") c.Response.ContentLength = big.Length;
            // Undeclared: written in pieces, so it arrives chunked and only counting can tell.
            for (var i = 0; i < big.Length; i += 64 * 1024) await c.Response.Body.WriteAsync(big.AsMemory(i, Math.Min(64 * 1024, big.Length - i)));
        });
        foreach (var path in new[] { "declared", "chunked" })
        {
            var id = await CreateAsync(key.Client, $$$$"""{"name":"big_{{{{path}}}}","kind":"http","http":{"method":"GET","url":"{{{{receiver.BaseUrl}}}}/{{{{path}}}}"}}""");
            var run = await TestAsync(key.Client, id, "{}");
            Assert.Equal("failed", (string?)run["status"]);
            Assert.Equal("response_too_large", (string?)run["error"]!["code"]);
            Assert.Contains("1 MB", (string?)run["error"]!["message"], StringComparison.Ordinal);
        }
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Signed_requests_verify_with_the_organizations_agent_webhook_secret(string provider)
    {
        var key = await (await hosts.GetAsync(provider)).CreateKeyAsync();
        await using var receiver = await FunctionReceiver.StartAsync();
        var id = await CreateAsync(key.Client, $$$$"""
            {"name":"signed","kind":"http","parameters":{{{{OrderSchema}}}},
             "http":{"method":"POST","url":"{{{{receiver.BaseUrl}}}}/hooks/order","sign_request":true,"body":{"order":"{{order_id}}"}}}
            """);
        var unsigned = await CreateAsync(key.Client, $$$$"""{"name":"unsigned","kind":"http","http":{"method":"GET","url":"{{{{receiver.BaseUrl}}}}/plain"}}""");

        Assert.Equal("succeeded", (string?)(await TestAsync(key.Client, id, """{"arguments":{"order_id":"77"}}"""))["status"]);
        Assert.Equal("succeeded", (string?)(await TestAsync(key.Client, unsigned, "{}"))["status"]);
        var secret = (string)(await (await key.Client.GetAsync("/api/v1/webhooks/agent-secret")).JsonAsync())["secret"]!;

        var signed = receiver.Received.Single(r => r.Path == "/hooks/order");
        var asWebhook = new ReceivedWebhook(signed.Path, signed.Headers, signed.Body);
        Assert.StartsWith("msg_", asWebhook.Id, StringComparison.Ordinal);
        Assert.Equal(hosts.Time.GetUtcNow().ToUnixTimeSeconds(), asWebhook.Timestamp);
        Assert.True(SignatureCheck.SignedWith(asWebhook, secret), signed.Headers["webhook-signature"]);
        Assert.False(SignatureCheck.SignedWith(asWebhook with { Body = signed.Body.Replace("77", "78", StringComparison.Ordinal) }, secret));
        Assert.False(receiver.Received.Single(r => r.Path == "/plain").Headers.ContainsKey("webhook-signature"));

        // And as receivers check it: with the reference standardwebhooks package (when node is available).
        var (folder, missing) = await StandardWebhooksPackage.EnsureAsync();
        if (folder is null)
        {
            Console.WriteLine("Skipping the reference-package check: " + missing);
            return;
        }
        Assert.Equal("verified", await StandardWebhooksPackage.VerifyAsync(folder, secret, asWebhook));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_secret_deleted_after_saving_is_a_clear_error_and_nothing_is_sent(string provider)
    {
        var key = await (await hosts.GetAsync(provider)).CreateKeyAsync();
        await using var receiver = await FunctionReceiver.StartAsync();
        await CreateSecretAsync(key.Client, "GONE_SOON", SecretValue);
        var id = await CreateAsync(key.Client, $$$$"""
            {"name":"uses_gone","kind":"http","http":{"method":"GET","url":"{{{{receiver.BaseUrl}}}}/x","query":{"key":"{{secret.GONE_SOON}}"}}}
            """);
        Assert.Equal(HttpStatusCode.NoContent, (await key.Client.DeleteAsync("/api/v1/secrets/GONE_SOON")).StatusCode);

        var run = await TestAsync(key.Client, id, "{}");
        Assert.Equal("secret_not_found", (string?)run["error"]!["code"]);
        Assert.Contains("GONE_SOON", (string?)run["error"]!["message"], StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task During_a_call_the_calls_variables_fill_the_templates_and_failures_are_tool_errors(string provider)
    {
        var server = await hosts.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        await using var receiver = await FunctionReceiver.StartAsync((r, c) => r.Path == "/fail"
            ? Json(c, 503, """{"error":"maintenance"}""")
            : Json(c, 200, """{"greeting":"hello"}"""));
        var id = await CreateAsync(key.Client, $$$$"""
            {"name":"crm_lookup","kind":"http","parameters":{"type":"object","properties":{"topic":{"type":"string"}}},
             "http":{"method":"GET","url":"{{{{receiver.BaseUrl}}}}/customers/{{customer_id}}","query":{"call":"{{call_id}}","topic":"{{topic}}"},
               "response_mapping":{"greeting":"$.greeting"}}}
            """);
        var failing = await CreateAsync(key.Client, $$$$"""{"name":"crm_down","kind":"http","http":{"method":"GET","url":"{{{{receiver.BaseUrl}}}}/fail"}}""");
        var call = new CallContext
        {
            CallId = "call_http_1",
            OrganizationId = key.OrganizationId,
            Agent = new AgentDefinition { Id = "agent_x", Engine = ResponseEngineKind.Llm, FunctionIds = [id, failing] },
            Variables = new Dictionary<string, string> { ["customer_id"] = "cus 42", ["call_id"] = "call_http_1" },
        };
        var registry = server.Services.GetRequiredService<FunctionToolRegistry>();
        var tools = await registry.GetToolsAsync(call, CancellationToken.None);
        Assert.Equal(["crm_lookup", "crm_down"], tools.Select(t => t.Name));

        var ok = await registry.InvokeAsync(new ToolInvocation(call, "t1", "crm_lookup", JsonDocument.Parse("""{"topic":"billing"}""").RootElement), CancellationToken.None);
        Assert.False(ok.IsError, ok.Content);
        Assert.Equal("hello", JsonNode.Parse(ok.Content)!["variables"]!["greeting"]!.GetValue<string>());
        Assert.Equal("/customers/cus%2042?call=call_http_1&topic=billing", Assert.Single(receiver.Received).RawTarget);

        var down = await registry.InvokeAsync(new ToolInvocation(call, "t2", "crm_down", JsonDocument.Parse("{}").RootElement), CancellationToken.None);
        Assert.True(down.IsError);
        var error = JsonNode.Parse(down.Content)!;
        Assert.Equal("http_error", (string?)error["error"]);
        Assert.Contains("503", (string?)error["message"], StringComparison.Ordinal);
        Assert.Contains("maintenance", (string?)error["message"], StringComparison.Ordinal);

        var log = await (await key.Client.GetAsync($"/api/v1/functions/{id}/executions?call_id=call_http_1")).JsonAsync();
        Assert.Equal("succeeded", (string?)Assert.Single(log["data"]!.AsArray())!["status"]);
    }

    internal static async Task CreateSecretAsync(HttpClient client, string name, string value)
    {
        var response = await client.PostJsonAsync("/api/v1/secrets", JsonSerializer.Serialize(new { name, value }));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    internal static async Task<string> CreateAsync(HttpClient client, string json)
    {
        var response = await client.PostJsonAsync("/api/v1/functions", json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return (string)JsonNode.Parse(body)!["id"]!;
    }

    internal static async Task<JsonNode> TestAsync(HttpClient client, string id, string json)
    {
        var response = await client.PostJsonAsync($"/api/v1/functions/{id}/test", json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!;
    }

    private static Task Json(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json, Encoding.UTF8);
    }

    private static Task Redirect(HttpContext context)
    {
        context.Response.StatusCode = 302;
        context.Response.Headers.Location = "http://169.254.169.254/latest/meta-data/";
        return Task.CompletedTask;
    }
}
