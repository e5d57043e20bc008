using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.LiveCalls;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Transports;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.LiveCalls;

/// <summary>Live calls through <see cref="LiveCallHost"/> with the real offline engines: recording, control API, limits.</summary>
public sealed class LiveCallTests : IAsyncLifetime
{
    /// <summary>Greets, then waits for a key press (long enough for the tests to act on the live call).</summary>
    private const string WaitingAgent = """
        {"name":"Waiter","response_engine":{"type":"flow","flow":{"start":"hi","nodes":[
          {"id":"hi","type":"say","text":"Hello there.","next":"ask"},
          {"id":"ask","type":"ask","prompt":"Press one to finish.","variable":"key","input":"digits","max_digits":1,
           "choices":[{"value":"one","digit":"1"}],"retries":5,"next":"bye","on_failure":"bye"},
          {"id":"bye","type":"end","text":"Goodbye."}]}}}
        """;

    private TestServerInstance _server = null!;

    public async Task InitializeAsync() =>
        _server = await TestServerInstance.StartAsync(Providers.Sqlite, new Dictionary<string, string?> { ["Calls:MaxConcurrentCallsPerOrganization"] = "1" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_live_call_is_recorded_followed_injected_into_and_ended_through_the_api()
    {
        var key = await _server.CreateKeyAsync();
        var agentId = await CreateAgentAsync(key);
        var host = _server.Services.GetRequiredService<LiveCallHost>();
        var channel = new InMemoryMediaChannel(8000);
        var live = await host.StartAsync(new LiveCallRequest(key.OrganizationId, agentId, null, CallDirection.Inbound, "+15550001", "1000", "test")
        {
            DynamicVariables = new Dictionary<string, string> { ["customer"] = "Ada" },
        }, channel, CancellationToken.None);
        var caller = new SilentCaller(channel);

        using var events = await key.Client.GetAsync($"/api/v1/calls/{live.CallId}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        Assert.Equal("text/event-stream", events.Content.Headers.ContentType?.MediaType);
        using var sse = new SseReader(await events.Content.ReadAsStreamAsync());

        var greeting = await sse.NextAsync(e => e.Type == "utterance" && e.Data.Contains("Hello there", StringComparison.Ordinal));
        Assert.Contains("\"role\":\"agent\"", greeting.Data, StringComparison.Ordinal);

        var inject = await key.Client.PostJsonAsync($"/api/v1/calls/{live.CallId}/inject", """{"text":"Your table is ready.","mode":"say"}""");
        Assert.Equal(HttpStatusCode.Accepted, inject.StatusCode);
        Assert.Equal("say_queued", (string)(await inject.JsonAsync())["action"]!);
        await sse.NextAsync(e => e.Type == "utterance" && e.Data.Contains("Your table is ready", StringComparison.Ordinal));

        (await (await key.Client.PostJsonAsync($"/api/v1/calls/{live.CallId}/inject", """{"text":"VIP caller","mode":"context"}""")).ProblemAsync(409, "conflict"))
            .ToString();

        var end = await key.Client.PostAsync($"/api/v1/calls/{live.CallId}/end", null);
        Assert.Equal(HttpStatusCode.Accepted, end.StatusCode);
        var ended = await sse.NextAsync(e => e.Type == "call_ended");
        Assert.Contains("api_end", ended.Data, StringComparison.Ordinal);
        Assert.Equal("api_end", await live.Completion.WaitAsync(TimeSpan.FromSeconds(30)));
        await caller.Talking.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(caller.HungUpByAgent);
        Assert.True(caller.AudioFrames > 0);

        var call = await key.Client.WaitForCallEndedAsync(live.CallId);
        Assert.Equal("inbound", (string)call["direction"]!);
        Assert.Equal("api_end", (string)call["disconnection_reason"]!);
        Assert.Equal("+15550001", (string)call["from_number"]!);
        Assert.Equal("Ada", (string)call["dynamic_variables"]!["customer"]!);
        var transcript = call["transcript"]!.ToJsonString();
        Assert.Contains("Hello there", transcript, StringComparison.Ordinal);
        Assert.Contains("Your table is ready", transcript, StringComparison.Ordinal);

        (await (await key.Client.PostAsync($"/api/v1/calls/{live.CallId}/end", null)).ProblemAsync(409, "conflict")).ToString();
        (await (await key.Client.GetAsync($"/api/v1/calls/{live.CallId}/events")).ProblemAsync(409, "conflict")).ToString();
    }

    [Fact]
    public async Task The_organization_limit_refuses_a_second_call_and_frees_its_slot_when_the_first_ends()
    {
        var key = await _server.CreateKeyAsync();
        var agentId = await CreateAgentAsync(key);
        var host = _server.Services.GetRequiredService<LiveCallHost>();
        var first = new InMemoryMediaChannel(8000);
        var live = await host.StartAsync(Request(key, agentId), first, CancellationToken.None);
        var caller = new SilentCaller(first);

        Assert.False(host.HasCapacity(key.OrganizationId));
        var refused = await Assert.ThrowsAsync<CallCapacityException>(() => host.StartAsync(Request(key, agentId), new InMemoryMediaChannel(8000), CancellationToken.None));
        Assert.Equal(TimeSpan.FromSeconds(30), refused.RetryAfter);
        var other = await _server.CreateKeyAsync();
        Assert.True(host.HasCapacity(other.OrganizationId));

        live.End("test_over");
        Assert.Equal("test_over", await live.Completion.WaitAsync(TimeSpan.FromSeconds(30)));
        await caller.Talking.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(host.HasCapacity(key.OrganizationId));
    }

    [Fact]
    public async Task Unknown_agents_are_refused_before_anything_is_recorded()
    {
        var key = await _server.CreateKeyAsync();
        var host = _server.Services.GetRequiredService<LiveCallHost>();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => host.StartAsync(Request(key, "agent_missing"), new InMemoryMediaChannel(8000), CancellationToken.None));
        Assert.Contains("agent_missing", error.Message, StringComparison.Ordinal);
        Assert.True(host.HasCapacity(key.OrganizationId));
        var calls = await (await key.Client.GetAsync("/api/v1/calls")).JsonAsync();
        Assert.Empty(calls["data"]!.AsArray());
    }

    [Fact]
    public async Task Control_requests_are_checked()
    {
        var key = await _server.CreateKeyAsync();
        (await (await key.Client.PostAsync("/api/v1/calls/call_nope/end", null)).ProblemAsync(404, "not_found")).ToString();
        (await (await key.Client.GetAsync("/api/v1/calls/call_nope/events")).ProblemAsync(404, "not_found")).ToString();
        (await (await key.Client.PostJsonAsync("/api/v1/calls/call_nope/inject", """{"text":"hi"}""")).ProblemAsync(404, "not_found")).ToString();
        var recorded = await _server.Services.GetRequiredService<Switchboard.ControlPlane.Calls.CallRegistry>().RegisterAsync(key.OrganizationId,
            new Switchboard.ControlPlane.Calls.CallRegistration("agent_x", 1, "web", null, null, null, null), CancellationToken.None);
        var bad = await (await key.Client.PostJsonAsync($"/api/v1/calls/{recorded}/inject", """{"text":"","mode":"shout"}""")).ProblemAsync(400, "validation_failed");
        Assert.NotNull(bad["errors"]!["text"]);
        Assert.NotNull(bad["errors"]!["mode"]);
        var notLive = await (await key.Client.PostJsonAsync($"/api/v1/calls/{recorded}/inject", """{"text":"hi"}""")).ProblemAsync(409, "conflict");
        Assert.Contains("registered", (string)notLive["detail"]!, StringComparison.Ordinal);
    }

    private static LiveCallRequest Request(TestKey key, string agentId) =>
        new(key.OrganizationId, agentId, null, CallDirection.Web, null, null, "test");

    private static async Task<string> CreateAgentAsync(TestKey key)
    {
        var response = await key.Client.PostJsonAsync("/api/v1/agents", WaitingAgent);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (string)(await response.JsonAsync())["id"]!;
    }
}
