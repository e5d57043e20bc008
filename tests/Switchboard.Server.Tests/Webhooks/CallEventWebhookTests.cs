using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Functions;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Sessions.Events;
using Switchboard.Realtime.Tools;
using Switchboard.Realtime.Tools.BuiltIns;
using Switchboard.Server.Tests.Calls;
using Switchboard.Server.Tests.Functions;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Webhooks;

/// <summary>
/// The call recorder turns the engine's events into transcript, conversation, transfer, function and error webhooks,
/// delivered to real receivers through the outbox like call.started/call.ended.
/// </summary>
public sealed class CallEventWebhookTests
{
    private static readonly DateTimeOffset T0 = CallScript.T0;

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_call_delivers_its_conversation_transcript_and_transfer_events_in_order(string provider)
    {
        await using var host = await WebhookHost.StartAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync();
        var secret = (string)(await host.CreateEndpointAsync(receiver.Url))["secret"]!;
        var agentId = await host.Client.CreateAgentAsync("Front desk");
        var callId = CallScript.NewCallId();

        await CallScript.FeedAsync(host.Server,
        [
            new CallStarted(callId, T0, TimeSpan.Zero, host.Key.OrganizationId, agentId, 1, CallDirection.Inbound, "+15550100", "+15550199"),
            new NodeTransition(callId, At(0.1), S(0.1), null, "greet", "start"),
            new Utterance(callId, At(1.8), S(1.8), UtteranceRole.Agent, "Hello, Acme Dental!", S(0.2), S(1.8), false),
            new Utterance(callId, At(4.3), S(4.3), UtteranceRole.User, "Put me through to Bob.", S(2.5), S(4.0), false),
            new TurnLatency(callId, At(5.0), S(5.0), 1, S(0.3), S(0.7), S(0.9), S(0.95)),
            new DigitEvent(callId, At(5.5), S(5.5), "1", true),
            new NodeTransition(callId, At(6.0), S(6.0), "greet", "transfer", "wants_human",
                new Dictionary<string, string> { ["choice"] = "1", ["caller_name"] = "Sam" }),
            new TransferStarting(callId, At(7.0), S(7.0), "+15550123", "cold"),
            new TransferAttempted(callId, At(9.0), S(9.0), "+15550123", false, "486 Busy Here", "cold", "busy"),
            new CallEnded(callId, At(30), S(30), "user_hangup", null),
        ]);
        await host.DrainAsync();

        var received = receiver.Received;
        Assert.Equal(["call.started", "conversation.updated", "transcript.updated", "transcript.updated", "conversation.updated",
            "transfer.started", "transfer.ended", "call.ended"], received.Select(r => (string)r.Json["type"]!));
        Assert.All(received, r => Assert.True(SignatureCheck.SignedWith(r, secret)));
        Assert.All(received, r => Assert.Equal(callId, (string)r.Json["data"]!["call_id"]!));
        Assert.All(received, r => Assert.Equal(agentId, (string)r.Json["data"]!["agent_id"]!));
        Assert.Equal(received.Count, received.Select(r => r.Id).Distinct().Count());

        var flowStart = received[1].Json["data"]!;
        Assert.False(flowStart.AsObject().ContainsKey("from_node_id")); // null fields are left out
        Assert.Equal("greet", (string)flowStart["node_id"]!);
        Assert.Equal("start", (string)flowStart["reason"]!);
        Assert.Equal("greet", (string)received[4].Json["data"]!["from_node_id"]!);
        Assert.Equal("transfer", (string)received[4].Json["data"]!["node_id"]!);
        Assert.False(flowStart.AsObject().ContainsKey("variables")); // none set yet
        var variables = received[4].Json["data"]!["variables"]!.AsObject();
        Assert.Equal(2, variables.Count);
        Assert.Equal(("1", "Sam"), ((string?)variables["choice"], (string?)variables["caller_name"]));

        var first = received[2].Json["data"]!;
        Assert.Equal(1, (int)first["line_count"]!);
        var transcript = received[3].Json["data"]!;
        Assert.Equal(2, (int)transcript["line_count"]!);
        Assert.False((bool)transcript["truncated"]!);
        var lines = transcript["transcript"]!.AsArray();
        Assert.Equal(["agent", "user"], lines.Select(l => (string)l!["role"]!));
        Assert.Equal("Put me through to Bob.", (string)lines[1]!["text"]!);
        Assert.Equal(2500, (long)lines[1]!["start_ms"]!);
        Assert.Equal(4000, (long)lines[1]!["end_ms"]!);
        Assert.False((bool)lines[1]!["interrupted"]!);

        var started = received[5].Json["data"]!;
        Assert.Equal("+15550123", (string)started["target"]!);
        Assert.Equal("cold", (string)started["mode"]!);
        var ended = received[6].Json["data"]!;
        Assert.Equal("busy", (string)ended["outcome"]!);
        Assert.False((bool)ended["accepted"]!);
        Assert.Equal("486 Busy Here", (string)ended["detail"]!);
        Assert.Equal("cold", (string)ended["mode"]!);
        Assert.Equal("+15550123", (string)ended["target"]!);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Transcript_updated_carries_at_most_the_last_50_lines_and_counts_them_all(string provider)
    {
        await using var host = await WebhookHost.StartAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync();
        await host.CreateEndpointAsync(receiver.Url, "\"event_types\":[\"transcript.updated\"]");
        var agentId = await host.Client.CreateAgentAsync();
        var callId = CallScript.NewCallId();

        var events = new List<CallEvent> { new CallStarted(callId, T0, TimeSpan.Zero, host.Key.OrganizationId, agentId, 1, CallDirection.Web, null, null) };
        for (var i = 1; i <= 120; i++)
        {
            events.Add(new Utterance(callId, At(i), S(i), i % 2 == 0 ? UtteranceRole.User : UtteranceRole.Agent, $"line {i}", S(i - 0.5), S(i), false));
        }
        events.Add(new CallEnded(callId, At(200), S(200), "agent_hangup", null));
        await CallScript.FeedAsync(host.Server, events);
        await host.DrainAsync();

        var received = receiver.Received.Select(r => r.Json["data"]!).ToList();
        Assert.Equal(120, received.Count);
        Assert.Equal(Enumerable.Range(1, 120), received.Select(d => (int)d["line_count"]!));

        var fiftieth = received[49];
        Assert.Equal(50, fiftieth["transcript"]!.AsArray().Count);
        Assert.False((bool)fiftieth["truncated"]!);
        Assert.Equal("line 1", (string)fiftieth["transcript"]![0]!["text"]!);

        var fiftyFirst = received[50];
        Assert.Equal(50, fiftyFirst["transcript"]!.AsArray().Count);
        Assert.True((bool)fiftyFirst["truncated"]!);
        Assert.Equal("line 2", (string)fiftyFirst["transcript"]![0]!["text"]!);

        var last = received[^1]["transcript"]!.AsArray();
        Assert.Equal(50, last.Count);
        Assert.Equal(Enumerable.Range(71, 50).Select(i => $"line {i}"), last.Select(l => (string)l!["text"]!));
        Assert.Equal("user", (string)last[^1]!["role"]!);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Function_failures_that_need_a_human_are_sent_once_and_the_ones_the_model_can_fix_are_not(string provider)
    {
        await using var host = await WebhookHost.StartAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync();
        await host.CreateEndpointAsync(receiver.Url, "\"event_types\":[\"function.failed\"]");
        var agentId = await host.Client.CreateAgentAsync();
        var weather = await FunctionsApiTests.CreateBuiltinAsync(host.Client, "get_weather");
        var calculator = await FunctionsApiTests.CreateBuiltinAsync(host.Client, "calculator");
        var callId = CallScript.NewCallId();

        // Real executions through the engine's tool registry give the results the engine would report.
        var tools = new Tools(host, callId, agentId, [weather, calculator]);
        var noProvider = await tools.RunAsync(callId + ":t1", "get_weather", """{"location":"Berlin"}""");
        var badArguments = await tools.RunAsync(callId + ":t2", "calculator", """{"expr":"1"}""");
        var divideByZero = await tools.RunAsync(callId + ":t3", "calculator", """{"expression":"1/0"}""");
        var engineBuiltin = await tools.RunAsync(callId + ":t4", "press_digit", """{"digits":"x"}""");
        Assert.All(new[] { noProvider, badArguments, divideByZero, engineBuiltin }, r => Assert.True(r.IsError, r.Content));

        await CallScript.FeedAsync(host.Server,
        [
            new CallStarted(callId, T0, TimeSpan.Zero, host.Key.OrganizationId, agentId, 1, CallDirection.Inbound, null, null),
            tools.Called(callId + ":t1", "get_weather", noProvider, elapsedMs: 35),
            tools.Called(callId + ":t2", "calculator", badArguments),
            tools.Called(callId + ":t3", "calculator", divideByZero),
            tools.Called(callId + ":t4", "press_digit", engineBuiltin),
            // The engine's own plain-text errors are not failures of the function.
            tools.Called(callId + ":t5", "get_weather", ToolResult.Error("The call ended before the tool finished.")),
            // A replay of the first call (the journal's stored result) is the same failure, not a new one.
            tools.Called(callId + ":t1", "get_weather", noProvider),
            tools.Called(callId + ":t6", "get_weather", ToolResult.Error(JsonSerializer.Serialize(new
            {
                error = "provider_failed",
                message = "The provider refused key sk_live_abcdefghijklmnop1234: " + new string('x', 2000),
            }))),
            new CallEnded(callId, At(60), S(60), "user_hangup", null),
        ]);
        await host.DrainAsync();

        var received = receiver.Received.Select(r => r.Json).ToList();
        Assert.Equal(2, received.Count);
        Assert.All(received, r => Assert.Equal("function.failed", (string)r["type"]!));
        var failed = received[0]["data"]!;
        Assert.Equal(weather, (string)failed["function_id"]!);
        Assert.Equal("get_weather", (string)failed["function_name"]!);
        Assert.Equal(callId, (string)failed["call_id"]!);
        Assert.Equal(agentId, (string)failed["agent_id"]!);
        Assert.Equal("provider_not_configured", (string)failed["code"]!);
        Assert.Contains("provider", (string)failed["error"]!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(callId + ":t1", (string)failed["tool_call_id"]!);
        Assert.Equal(35, (long)failed["elapsed_ms"]!);

        var masked = received[1]["data"]!;
        Assert.Equal("provider_failed", (string)masked["code"]!);
        Assert.DoesNotContain("sk_live_", (string)masked["error"]!, StringComparison.Ordinal);
        Assert.Contains(SensitiveDataMasker.Mask, (string)masked["error"]!, StringComparison.Ordinal);
        Assert.Equal(1000, ((string)masked["error"]!).Length);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_engine_error_sends_error_before_call_ended_to_endpoints_and_the_agent_url_gets_only_the_call_story(string provider)
    {
        await using var host = await WebhookHost.StartAsync(provider);
        await using var endpointReceiver = await WebhookReceiver.StartAsync();
        await using var agentReceiver = await WebhookReceiver.StartAsync();
        await host.CreateEndpointAsync(endpointReceiver.Url);
        var agentId = (string)(await (await host.Client.PostJsonAsync("/api/v1/agents",
            $$$"""{"name":"Hooked","response_engine":{"type":"llm","model":"gpt-4o-mini","system_prompt":"Be brief."},"webhook_url":"{{{agentReceiver.Url}}}"}""")).JsonAsync())["id"]!;
        var agentSecret = (string)(await (await host.Client.GetAsync("/api/v1/webhooks/agent-secret")).JsonAsync())["secret"]!;
        var weather = await FunctionsApiTests.CreateBuiltinAsync(host.Client, "get_weather");
        var callId = CallScript.NewCallId();
        var tools = new Tools(host, callId, agentId, [weather]);
        var noProvider = await tools.RunAsync(callId + ":t1", "get_weather", """{"location":"Oslo"}""");

        await CallScript.FeedAsync(host.Server,
        [
            new CallStarted(callId, T0, TimeSpan.Zero, host.Key.OrganizationId, agentId, 1, CallDirection.Outbound, "+15550100", "+15550199"),
            new Utterance(callId, At(2), S(2), UtteranceRole.Agent, "Hi, this is Acme.", S(0.5), S(2), false),
            tools.Called(callId + ":t1", "get_weather", noProvider),
            new CallEnded(callId, At(10), S(10), "error", null),
        ]);
        await host.DrainAsync();

        Assert.Equal(["call.started", "transcript.updated", "function.failed", "error", "call.ended"],
            endpointReceiver.Received.Select(r => (string)r.Json["type"]!));
        var error = endpointReceiver.Received[3].Json["data"]!;
        Assert.Equal("call_failed", (string)error["code"]!);
        Assert.Equal(callId, (string)error["call_id"]!);
        Assert.Equal(agentId, (string)error["agent_id"]!);
        Assert.False(string.IsNullOrWhiteSpace((string)error["message"]!));
        Assert.Equal("error", (string)endpointReceiver.Received[4].Json["data"]!["end_reason"]!);

        // The agent's own URL hears the call's story; operational alerts stay with the organization's endpoints.
        var agentEvents = agentReceiver.Received;
        Assert.Equal(["call.started", "transcript.updated", "call.ended"], agentEvents.Select(r => (string)r.Json["type"]!));
        Assert.All(agentEvents, r => Assert.True(SignatureCheck.SignedWith(r, agentSecret)));
        Assert.Equal(endpointReceiver.Received[1].Id, agentEvents[1].Id);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Agent_filters_and_type_subscriptions_apply_and_per_turn_events_nobody_wants_are_not_stored(string provider)
    {
        await using var host = await WebhookHost.StartAsync(provider);
        await using var forB = await WebhookReceiver.StartAsync();
        await using var transfers = await WebhookReceiver.StartAsync();
        var agentA = await host.Client.CreateAgentAsync("A");
        var agentB = await host.Client.CreateAgentAsync("B");
        await host.CreateEndpointAsync(forB.Url, $"\"agent_id\":\"{agentB}\"");
        await host.CreateEndpointAsync(transfers.Url, "\"event_types\":[\"transfer.started\",\"transfer.ended\"]");

        var callA = CallScript.NewCallId();
        await CallScript.FeedAsync(host.Server, Transferring(callA, host.Key.OrganizationId, agentA));
        await host.DrainAsync();

        Assert.Empty(forB.Received);
        Assert.Equal(["transfer.started", "transfer.ended"], transfers.Received.Select(r => (string)r.Json["type"]!));
        await using (var db = host.Server.Services.GetRequiredService<OrganizationDbContextFactory>().Create(host.Key.OrganizationId))
        {
            var stored = await db.WebhookEvents.Where(e => e.AgentId == agentA).Select(e => e.Type).ToListAsync();
            Assert.DoesNotContain("transcript.updated", stored);
            Assert.DoesNotContain("conversation.updated", stored);
            Assert.Contains("call.started", stored);
            Assert.Contains("transfer.started", stored);
        }

        var callB = CallScript.NewCallId();
        await CallScript.FeedAsync(host.Server, Transferring(callB, host.Key.OrganizationId, agentB));
        await host.DrainAsync();

        Assert.Equal(["call.started", "conversation.updated", "transcript.updated", "transfer.started", "transfer.ended", "call.ended"],
            forB.Received.Select(r => (string)r.Json["type"]!));
        Assert.All(forB.Received, r => Assert.Equal(callB, (string)r.Json["data"]!["call_id"]!));
        Assert.Equal(4, transfers.Received.Count);
    }

    private static CallEvent[] Transferring(string callId, string organizationId, string agentId) =>
    [
        new CallStarted(callId, T0, TimeSpan.Zero, organizationId, agentId, 1, CallDirection.Inbound, "+15550100", "+15550199"),
        new NodeTransition(callId, At(0.1), S(0.1), null, "start", null),
        new Utterance(callId, At(2), S(2), UtteranceRole.User, "A human, please.", S(0.5), S(2), false),
        new TransferStarting(callId, At(3), S(3), "sip:desk@example.com", "warm"),
        new TransferAttempted(callId, At(20), S(20), "sip:desk@example.com", true, null, "warm", "connected"),
        new CallEnded(callId, At(21), S(21), "transferred", null),
    ];

    private static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    /// <summary>The engine's tool registry (built-ins first, then the organization's functions) for one call.</summary>
    private sealed class Tools(WebhookHost host, string callId, string agentId, IReadOnlyList<string> functionIds)
    {
        private readonly CompositeToolRegistry _registry = new(new BuiltInToolRegistry(), host.Server.Services.GetRequiredService<FunctionToolRegistry>());
        private readonly CallContext _call = new()
        {
            CallId = callId,
            OrganizationId = host.Key.OrganizationId,
            Agent = new AgentDefinition { Id = agentId, Engine = ResponseEngineKind.Llm, FunctionIds = functionIds },
        };
        private readonly Dictionary<string, string> _arguments = new(StringComparer.Ordinal);

        public async Task<ToolResult> RunAsync(string toolCallId, string name, string arguments)
        {
            _arguments[toolCallId] = arguments;
            return await _registry.InvokeAsync(new ToolInvocation(_call, toolCallId, name, JsonDocument.Parse(arguments).RootElement), CancellationToken.None);
        }

        public ToolCalled Called(string toolCallId, string name, ToolResult result, int elapsedMs = 10) =>
            new(callId, At(5), S(5), toolCallId, name, _arguments.GetValueOrDefault(toolCallId, "{}"), result.Content, result.IsError,
                TimeSpan.FromMilliseconds(elapsedMs));
    }
}
