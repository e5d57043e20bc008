using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.WebCalls;

/// <summary>The stream refuses a call beyond the organization's concurrent call limit before upgrading.</summary>
public sealed class WebCallCapacityTests : IAsyncLifetime
{
    private TestServerInstance _server = null!;

    public async Task InitializeAsync() =>
        _server = await TestServerInstance.StartAsync(Providers.Sqlite, new Dictionary<string, string?> { ["Calls:MaxConcurrentCallsPerOrganization"] = "1" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_second_concurrent_web_call_of_the_organization_gets_503_and_keeps_its_token()
    {
        var key = await _server.CreateKeyAsync();
        var agentId = await WebCallAgents.CreateAsync(key);
        var first = await WebCallAgents.CreateCallAsync(key, $$"""{"agent_id":"{{agentId}}"}""");
        var second = await WebCallAgents.CreateCallAsync(key, $$"""{"agent_id":"{{agentId}}"}""");
        await using var running = new PageSocket(await ConnectAsync(first));
        Assert.True(await running.WaitForAsync(e => e.GetProperty("type").GetString() == "call_started", TimeSpan.FromSeconds(30)));

        var refused = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => ConnectAsync(second));
        Assert.Contains("503", refused.Message, StringComparison.Ordinal);

        // Once the first call is over, the second connects with the same token.
        await running.SendAsync("""{"type":"hangup"}""");
        await running.Closed.WaitAsync(TimeSpan.FromSeconds(30));
        System.Net.WebSockets.WebSocket? socket = null;
        for (var attempt = 0; attempt < 50 && socket is null; attempt++)
        {
            try
            {
                socket = await ConnectAsync(second);
            }
            catch (InvalidOperationException e) when (e.Message.Contains("503", StringComparison.Ordinal))
            {
                await Task.Delay(100); // the host releases the first call's slot just after its socket closes
            }
        }
        Assert.NotNull(socket);
        await using var page = new PageSocket(socket);
        Assert.True(await page.WaitForAsync(e => e.GetProperty("type").GetString() == "call_started", TimeSpan.FromSeconds(30)));
    }

    private Task<System.Net.WebSockets.WebSocket> ConnectAsync(System.Text.Json.JsonElement created) =>
        _server.CreateWebSocketClient().ConnectAsync(
            new Uri($"{created.GetProperty("stream_url").GetString()}?access_token={created.GetProperty("access_token").GetString()}"), CancellationToken.None);
}
