using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Switchboard.ControlPlane.Analysis;
using Switchboard.ControlPlane.Webhooks;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Sessions.Events;
using Switchboard.Realtime.Tests.ResponseEngines.Llm;
using Switchboard.Server.Tests.Calls;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Analysis;

/// <summary>
/// A server of its own for analysis tests: virtual time, the agents' <c>openai</c> provider pointed at a local fake
/// chat-completions server, loopback allowed for webhook receivers, and the analysis worker and webhook dispatcher
/// loops off so each test drives their rounds.
/// </summary>
internal sealed class AnalysisHost : IAsyncDisposable
{
    public const string Fields = """
        [{"name":"booked","type":"boolean","description":"Did the caller book an appointment?"},
         {"name":"service","type":"enum","choices":["cleaning","checkup"]},
         {"name":"day","type":"string"},
         {"name":"party_size","type":"number"}]
        """;

    private AnalysisHost(TestServerInstance server, FakeTimeProvider time, FakeLlmServer llm, TestKey key)
    {
        Server = server;
        Time = time;
        Llm = llm;
        Key = key;
    }

    public TestServerInstance Server { get; }
    public FakeTimeProvider Time { get; }
    public FakeLlmServer Llm { get; }
    public TestKey Key { get; }
    public HttpClient Client => Key.Client;
    public AnalysisWorker Worker => Server.Services.GetRequiredService<AnalysisWorker>();

    public static async Task<AnalysisHost> StartAsync(string provider)
    {
        var llm = await FakeLlmServer.StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = new Dictionary<string, string?>
        {
            ["Outbound:AllowedHosts:0"] = "127.0.0.1",
            ["Webhooks:DispatcherEnabled"] = "false",
            ["Analysis:WorkerEnabled"] = "false",
            ["Llm:Providers:openai:BaseUrl"] = new Uri(llm.BaseUri, "v1").ToString(),
            ["Llm:Providers:openai:ApiKey"] = "sk-test-analysis",
            ["Llm:Providers:anthropic:BaseUrl"] = llm.BaseUri.ToString(),
            ["Llm:Providers:anthropic:ApiKey"] = "sk-ant-test-analysis",
        };
        var server = await TestServerInstance.StartAsync(provider, settings, b => b.Services.AddSingleton<TimeProvider>(time));
        return new AnalysisHost(server, time, llm, await server.CreateKeyAsync());
    }

    public async Task<string> CreateLlmAgentAsync(string fields = Fields, string? webhookUrl = null, string llmProvider = "openai",
        string model = "gpt-4o-mini")
    {
        var hook = webhookUrl is null ? "" : ",\"webhook_url\":" + JsonSerializer.Serialize(webhookUrl);
        var response = await Client.PostJsonAsync("/api/v1/agents",
            $$"""{"name":"Dental desk","response_engine":{"type":"llm","provider":"{{llmProvider}}","model":"{{model}}","system_prompt":"Book cleanings."},"post_call_analysis":{{fields}}{{hook}}}""");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return (string)JsonNode.Parse(body)!["id"]!;
    }

    /// <summary>A call of version 1 of <paramref name="agentId"/> in which the caller books a cleaning; ended unless told otherwise.</summary>
    public async Task<string> RecordCallAsync(string agentId, bool withWords = true, bool end = true)
    {
        var callId = CallScript.NewCallId();
        var t0 = CallScript.T0;
        var events = new List<CallEvent>
        {
            new CallStarted(callId, t0, TimeSpan.Zero, Key.OrganizationId, agentId, 1, CallDirection.Inbound, "+15550100", "+15550199"),
        };
        if (withWords)
        {
            events.Add(new Utterance(callId, t0.AddSeconds(2), TimeSpan.FromSeconds(2), UtteranceRole.Agent, "Acme Dental, how can I help?",
                TimeSpan.Zero, TimeSpan.FromSeconds(2), false));
            events.Add(new Utterance(callId, t0.AddSeconds(5), TimeSpan.FromSeconds(5), UtteranceRole.User, "I'd like a cleaning on Tuesday for two people.",
                TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5), false));
        }
        if (end) events.Add(new CallEnded(callId, t0.AddSeconds(30), TimeSpan.FromSeconds(30), "user_hangup", null));
        await CallScript.FeedAsync(Server, events);
        return callId;
    }

    public async Task<JsonNode> CallAsync(string callId)
    {
        var response = await Client.GetAsync($"/api/v1/calls/{callId}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!;
    }

    /// <summary>The model answers the next request with <paramref name="content"/> as the assistant's message.</summary>
    public void Answer(string content) => Llm.Enqueue(context => WriteAnswerAsync(context, content));

    /// <summary>The model answers the next request in Anthropic's Messages format.</summary>
    public void AnswerAnthropic(string content) => Llm.Enqueue(context =>
    {
        context.Response.ContentType = "application/json";
        var message = new JsonObject
        {
            ["id"] = "msg_test",
            ["type"] = "message",
            ["role"] = "assistant",
            ["model"] = "claude-haiku-4-5",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = content }),
            ["stop_reason"] = "end_turn",
            ["stop_sequence"] = null,
            ["usage"] = new JsonObject { ["input_tokens"] = 100, ["output_tokens"] = 20 },
        };
        return context.Response.WriteAsync(message.ToJsonString());
    });

    /// <summary>As <see cref="Answer"/>, once <paramref name="release"/> completes.</summary>
    public void AnswerAfter(Task release, string content) => Llm.Enqueue(async context =>
    {
        await release;
        await WriteAnswerAsync(context, content);
    });

    private static Task WriteAnswerAsync(HttpContext context, string content)
    {
        context.Response.ContentType = "application/json";
        var completion = new JsonObject
        {
            ["id"] = "chatcmpl-test",
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = "gpt-4o-mini",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = 20, ["total_tokens"] = 120 },
        };
        return context.Response.WriteAsync(completion.ToJsonString());
    }

    public async Task DrainWebhooksAsync()
    {
        var dispatcher = Server.Services.GetRequiredService<WebhookDispatcher>();
        for (var i = 0; i < 100; i++)
        {
            if (await dispatcher.RunOnceAsync(CancellationToken.None) == 0) return;
        }
        throw new InvalidOperationException("The dispatcher kept finding work after 100 rounds.");
    }

    public static string Json(object value) => JsonSerializer.Serialize(value);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Llm.DisposeAsync();
    }
}
