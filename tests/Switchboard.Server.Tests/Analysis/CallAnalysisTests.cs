using System.Net;
using System.Text.Json.Nodes;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Server.Tests.Webhooks;
using Switchboard.Server.Tests.WebCalls;

namespace Switchboard.Server.Tests.Analysis;

/// <summary>Post-call analysis end to end: recorder → job → worker → model (a local fake speaking OpenAI's wire format) → call record and webhook.</summary>
public sealed class CallAnalysisTests
{
    private const string GoodAnswer = """{"summary":"The caller booked a cleaning for two on Tuesday.","fields":{"booked":true,"service":"cleaning","day":"Tuesday","party_size":2}}""";

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_ended_call_is_analysed_and_call_analyzed_is_delivered(string provider)
    {
        await using var host = await AnalysisHost.StartAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync();
        var agentId = await host.CreateLlmAgentAsync();
        var endpoint = await host.Client.PostJsonAsync("/api/v1/webhooks", $$"""{"url":"{{receiver.Url}}","event_types":["call.analyzed"]}""");
        Assert.True(endpoint.IsSuccessStatusCode, await endpoint.Content.ReadAsStringAsync());
        var callId = await host.RecordCallAsync(agentId);

        Assert.Equal("pending", (string)(await host.CallAsync(callId))["call_analysis"]!["status"]!);
        host.Answer(GoodAnswer);
        Assert.Equal(1, await host.Worker.RunOnceAsync(CancellationToken.None));

        var analysis = (await host.CallAsync(callId))["call_analysis"]!;
        Assert.Equal("completed", (string)analysis["status"]!);
        Assert.Equal("The caller booked a cleaning for two on Tuesday.", (string)analysis["summary"]!);
        Assert.True((bool)analysis["fields"]!["booked"]!);
        Assert.Equal("cleaning", (string)analysis["fields"]!["service"]!);
        Assert.Equal("Tuesday", (string)analysis["fields"]!["day"]!);
        Assert.Equal(2, (double)analysis["fields"]!["party_size"]!);
        Assert.Null(analysis["error"]);
        // PostgreSQL keeps microseconds.
        Assert.Equal(host.Time.GetUtcNow().UtcTicks / 10, ((DateTimeOffset)analysis["completed_at"]!).UtcTicks / 10);

        // The model was asked with the agent's model, a JSON schema built from the fields, and the transcript.
        var request = Assert.Single(host.Llm.Requests);
        Assert.Equal("Bearer sk-test-analysis", request.Header("Authorization"));
        Assert.Equal("gpt-4o-mini", request.Body.GetProperty("model").GetString());
        var format = request.Body.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        var fieldSchema = format.GetProperty("json_schema").GetProperty("schema").GetProperty("properties").GetProperty("fields").GetProperty("properties");
        Assert.Equal("boolean", fieldSchema.GetProperty("booked").GetProperty("type")[0].GetString());
        Assert.Equal("cleaning", fieldSchema.GetProperty("service").GetProperty("enum")[0].GetString());
        Assert.Equal("number", fieldSchema.GetProperty("party_size").GetProperty("type")[0].GetString());
        Assert.Contains("Caller: I'd like a cleaning on Tuesday for two people.", request.Body.GetProperty("messages").GetRawText());

        await host.DrainWebhooksAsync();
        var delivered = Assert.Single(receiver.Received);
        Assert.Equal("call.analyzed", (string)delivered.Json["type"]!);
        var data = delivered.Json["data"]!;
        Assert.Equal(callId, (string)data["call_id"]!);
        Assert.Equal(agentId, (string)data["agent_id"]!);
        Assert.Equal("The caller booked a cleaning for two on Tuesday.", (string)data["summary"]!);
        Assert.Equal("cleaning", (string)data["analysis"]!["service"]!);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_wrongly_typed_answer_is_retried_with_backoff_then_fails_with_the_error(string provider)
    {
        await using var host = await AnalysisHost.StartAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync();
        var agentId = await host.CreateLlmAgentAsync();
        await host.Client.PostJsonAsync("/api/v1/webhooks", $$"""{"url":"{{receiver.Url}}"}""");
        var callId = await host.RecordCallAsync(agentId);
        const string bad = """{"summary":"Booked.","fields":{"booked":"yes","service":"cleaning","day":"Tuesday","party_size":2}}""";

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            host.Answer(bad);
            Assert.Equal(1, await host.Worker.RunOnceAsync(CancellationToken.None));
            var analysis = (await host.CallAsync(callId))["call_analysis"]!;
            Assert.Equal(attempt, (int)analysis["attempts"]!);
            Assert.Contains("'booked' must be a boolean", (string)analysis["error"]!);
            if (attempt == 5)
            {
                Assert.Equal("failed", (string)analysis["status"]!);
                Assert.Contains("after 5 attempts", (string)analysis["error"]!);
                break;
            }
            Assert.Equal("pending", (string)analysis["status"]!);
            // Not due before its backoff (30 s, then four times longer each time) has passed on the virtual clock.
            var delay = TimeSpan.FromSeconds(30 * Math.Pow(4, attempt - 1));
            host.Time.Advance(delay - TimeSpan.FromSeconds(1));
            Assert.Equal(0, await host.Worker.RunOnceAsync(CancellationToken.None));
            host.Time.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.Equal(5, host.Llm.Requests.Count);
        host.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await host.Worker.RunOnceAsync(CancellationToken.None));

        await host.DrainWebhooksAsync();
        Assert.DoesNotContain(receiver.Received, r => (string)r.Json["type"]! == "call.analyzed");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_flow_agent_without_an_llm_is_skipped_with_the_reason(string provider)
    {
        await using var host = await AnalysisHost.StartAsync(provider);
        var agentId = await WebCallAgents.CreateAsync(host.Key);
        var callId = await host.RecordCallAsync(agentId);

        Assert.Equal(1, await host.Worker.RunOnceAsync(CancellationToken.None));

        var analysis = (await host.CallAsync(callId))["call_analysis"]!;
        Assert.Equal("skipped", (string)analysis["status"]!);
        Assert.Contains("'flow'", (string)analysis["error"]!);
        Assert.Null(analysis["summary"]);
        Assert.Empty(host.Llm.Requests);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_call_in_which_nobody_spoke_is_analysed_as_empty_without_a_model(string provider)
    {
        await using var host = await AnalysisHost.StartAsync(provider);
        var agentId = await host.CreateLlmAgentAsync();
        var callId = await host.RecordCallAsync(agentId, withWords: false);

        Assert.Equal(1, await host.Worker.RunOnceAsync(CancellationToken.None));

        var analysis = (await host.CallAsync(callId))["call_analysis"]!;
        Assert.Equal("completed", (string)analysis["status"]!);
        Assert.Null(analysis["summary"]);
        var fields = analysis["fields"]!.AsObject();
        Assert.Equal(["booked", "service", "day", "party_size"], fields.Select(f => f.Key));
        Assert.All(fields, f => Assert.Null(f.Value));
        Assert.Empty(host.Llm.Requests);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Rerun_is_refused_while_live_and_runs_again_once_ended(string provider)
    {
        await using var host = await AnalysisHost.StartAsync(provider);
        var agentId = await host.CreateLlmAgentAsync();
        var live = await host.RecordCallAsync(agentId, end: false);
        Assert.Null((await host.CallAsync(live))["call_analysis"]);
        await (await host.Client.PostAsync($"/api/v1/calls/{live}/analysis", null)).ProblemAsync(409, "conflict");
        await (await host.Client.PostAsync("/api/v1/calls/call_doesnotexist000000000000/analysis", null)).ProblemAsync(404, "not_found");

        var callId = await host.RecordCallAsync(agentId);
        host.Answer(GoodAnswer);
        Assert.Equal(1, await host.Worker.RunOnceAsync(CancellationToken.None));

        var rerun = await host.Client.PostAsync($"/api/v1/calls/{callId}/analysis", null);
        Assert.Equal(HttpStatusCode.Accepted, rerun.StatusCode);
        var accepted = JsonNode.Parse(await rerun.Content.ReadAsStringAsync())!;
        Assert.Equal("pending", (string)accepted["status"]!);
        Assert.Null(accepted["summary"]);

        host.Answer("""{"summary":"Second look: a checkup.","fields":{"booked":false,"service":"checkup","day":null,"party_size":null}}""");
        Assert.Equal(1, await host.Worker.RunOnceAsync(CancellationToken.None));
        var analysis = (await host.CallAsync(callId))["call_analysis"]!;
        Assert.Equal("completed", (string)analysis["status"]!);
        Assert.Equal("Second look: a checkup.", (string)analysis["summary"]!);
        Assert.False((bool)analysis["fields"]!["booked"]!);
        Assert.Null(analysis["fields"]!["day"]);
        Assert.Equal(2, host.Llm.Requests.Count);
    }
}
