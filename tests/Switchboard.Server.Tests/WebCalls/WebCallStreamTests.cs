using System.Text.Json;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.WebCalls;

/// <summary>A whole web call through the server: token, WebSocket, the call host with the offline engines, the record.</summary>
[Collection(ApiCollection.Name)]
public sealed class WebCallStreamTests(ServerFixture fixture)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_web_call_streams_the_agent_takes_a_keypad_choice_ends_and_is_recorded()
    {
        var server = await fixture.GetAsync(Providers.Sqlite);
        var key = await server.CreateKeyAsync();
        var agentId = await WebCallAgents.CreateAsync(key);
        var created = await WebCallAgents.CreateCallAsync(key, $$"""{"agent_id":"{{agentId}}"}""");
        var callId = created.GetProperty("call_id").GetString()!;
        var token = created.GetProperty("access_token").GetString()!;

        var socket = await server.CreateWebSocketClient().ConnectAsync(new Uri($"{created.GetProperty("stream_url").GetString()}?access_token={token}"),
            CancellationToken.None);
        await using var page = new PageSocket(socket);
        Assert.True(await page.WaitForAsync(e => Is(e, "transcript") && e.GetProperty("role").GetString() == "agent", Long), "no greeting transcript");
        var started = page.Events[0];
        Assert.Equal("call_started", started.GetProperty("type").GetString());
        Assert.Equal(callId, started.GetProperty("call_id").GetString());
        Assert.Equal(agentId, started.GetProperty("agent_id").GetString());
        Assert.Contains("web line", page.Events.First(e => Is(e, "transcript")).GetProperty("text").GetString(), StringComparison.Ordinal);

        // The token opened this call; it cannot open it again.
        var reuse = await server.CreateClient().GetAsync($"/api/v1/calls/{callId}/stream?access_token={token}");
        var problem = await reuse.ProblemAsync(401, "invalid_access_token");
        Assert.Contains("already been used", (string?)problem["detail"], StringComparison.Ordinal);

        await page.SendAsync("""{"type":"dtmf","digit":"1"}""");
        Assert.True(await page.WaitForAsync(e => Is(e, "call_ended"), Long), "the call never ended: " + string.Join(",", page.Types));
        await page.Closed.WaitAsync(Long);

        var types = page.Types.ToList();
        Assert.Equal("call_ended", types[^1]);
        Assert.Equal("agent_hangup", page.Events[^1].GetProperty("reason").GetString());
        Assert.Contains("agent_start_talking", types);
        Assert.Contains("agent_stop_talking", types);
        Assert.Contains(page.Events, e => Is(e, "transcript") && e.GetProperty("text").GetString() == "You chose cleaning. Goodbye.");
        Assert.True(page.AudioFrames > 100, $"only {page.AudioFrames} audio frames");

        // The record: a web call that ended the way the page was told.
        JsonElement call = default;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            call = JsonDocument.Parse(await (await key.Client.GetAsync($"/api/v1/calls/{callId}")).Content.ReadAsStringAsync()).RootElement.Clone();
            if (call.GetProperty("status").GetString() == "ended") break;
            await Task.Delay(100);
        }
        Assert.Equal("ended", call.GetProperty("status").GetString());
        Assert.Equal("web", call.GetProperty("direction").GetString());
        Assert.Equal("agent_hangup", call.GetProperty("disconnection_reason").GetString());
        Assert.Contains(call.GetProperty("transcript").EnumerateArray(), e => e.TryGetProperty("digits", out var d) && d.GetString() == "1");
    }

    [Fact]
    public async Task An_agent_that_cannot_run_is_reported_on_the_socket_and_the_page_hangs_up_a_running_call()
    {
        var server = await fixture.GetAsync(Providers.Sqlite);
        var key = await server.CreateKeyAsync();
        var llmAgent = await key.Client.CreateAgentAsync("No key"); // an LLM agent, and this server has no LLM key
        var created = await WebCallAgents.CreateCallAsync(key, $$"""{"agent_id":"{{llmAgent}}"}""");
        var socket = await Connect(server, created);
        await using (var page = new PageSocket(socket))
        {
            await page.Closed.WaitAsync(Long);
            var error = Assert.Single(page.Events);
            Assert.Equal("error", error.GetProperty("type").GetString());
            Assert.Equal("agent_unavailable", error.GetProperty("code").GetString());
            Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.InternalServerError, socket.CloseStatus);
        }

        var flowAgent = await WebCallAgents.CreateAsync(key);
        var flowCall = await WebCallAgents.CreateCallAsync(key, $$"""{"agent_id":"{{flowAgent}}"}""");
        await using var running = new PageSocket(await Connect(server, flowCall));
        Assert.True(await running.WaitForAsync(e => Is(e, "agent_start_talking"), Long));
        await running.SendAsync("""{"type":"hangup"}""");
        await running.Closed.WaitAsync(Long);
        Assert.Equal("call_ended", running.Types.Last());
        Assert.Equal("user_hangup", running.Events[^1].GetProperty("reason").GetString());
    }

    private static Task<System.Net.WebSockets.WebSocket> Connect(TestServerInstance server, JsonElement created) =>
        server.CreateWebSocketClient().ConnectAsync(
            new Uri($"{created.GetProperty("stream_url").GetString()}?access_token={created.GetProperty("access_token").GetString()}"), CancellationToken.None);

    private static bool Is(JsonElement e, string type) => e.GetProperty("type").GetString() == type;
}
