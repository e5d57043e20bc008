using System.Text.Json;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Server.Tests.WebCalls;

namespace Switchboard.Server.Tests.Webhooks;

/// <summary>
/// A whole web call through the real engine (flow agent, offline speech, the browser's WebSocket): what the engine emits
/// reaches a real receiver as conversation, transcript and call webhooks.
/// </summary>
public sealed class WebCallWebhookTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_web_call_through_the_engine_delivers_its_flow_transcript_and_end()
    {
        await using var host = await WebhookHost.StartAsync(Providers.Sqlite, virtualTime: false);
        await using var receiver = await WebhookReceiver.StartAsync();
        var secret = (string)(await host.CreateEndpointAsync(receiver.Url))["secret"]!;
        var agentId = await WebCallAgents.CreateAsync(host.Key);
        var created = await WebCallAgents.CreateCallAsync(host.Key, $$"""{"agent_id":"{{agentId}}"}""");
        var callId = created.GetProperty("call_id").GetString()!;
        var token = created.GetProperty("access_token").GetString()!;

        var socket = await host.Server.CreateWebSocketClient()
            .ConnectAsync(new Uri($"{created.GetProperty("stream_url").GetString()}?access_token={token}"), CancellationToken.None);
        await using (var page = new PageSocket(socket))
        {
            Assert.True(await page.WaitForAsync(e => Is(e, "transcript") && e.GetProperty("role").GetString() == "agent", Long), "no greeting");
            await page.SendAsync("""{"type":"dtmf","digit":"1"}""");
            Assert.True(await page.WaitForAsync(e => Is(e, "call_ended"), Long), "the call never ended: " + string.Join(",", page.Types));
            await page.Closed.WaitAsync(Long);
        }

        // call.ended is committed with the record's end: once the record says ended, every event of the call is in the outbox.
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var call = await (await host.Client.GetAsync($"/api/v1/calls/{callId}")).JsonAsync();
            if ((string?)call["status"] == "ended") break;
            await Task.Delay(100);
        }
        await host.DrainAsync();

        var received = receiver.Received;
        Assert.All(received, r => Assert.True(SignatureCheck.SignedWith(r, secret)));
        var events = received.Select(r => r.Json).ToList();
        Assert.All(events, e => Assert.Equal(callId, (string)e["data"]!["call_id"]!));
        var types = events.Select(e => (string)e["type"]!).ToList();
        Assert.Equal("call.started", types[0]);
        Assert.Equal("call.ended", types[^1]);

        var nodes = events.Where(e => (string)e["type"]! == "conversation.updated").Select(e => (string)e["data"]!["node_id"]!).ToList();
        // A retry of the question on a slow machine may add a move; the path itself is fixed.
        Assert.Equal("hello", nodes[0]);
        Assert.Contains("reason", nodes);
        Assert.Equal("bye", nodes[^1]);

        var transcripts = events.Where(e => (string)e["type"]! == "transcript.updated").Select(e => e["data"]!).ToList();
        Assert.NotEmpty(transcripts);
        Assert.Equal(Enumerable.Range(1, transcripts.Count), transcripts.Select(t => (int)t["line_count"]!));
        var last = transcripts[^1]["transcript"]!.AsArray();
        Assert.Equal("You chose cleaning. Goodbye.", (string)last[^1]!["text"]!);
        Assert.Equal("agent", (string)last[^1]!["role"]!);
        Assert.Contains("web line", (string)last[0]!["text"]!, StringComparison.Ordinal);
        Assert.Equal("agent_hangup", (string)events[^1]["data"]!["end_reason"]!);
    }

    private static bool Is(JsonElement e, string type) => e.GetProperty("type").GetString() == type;
}
