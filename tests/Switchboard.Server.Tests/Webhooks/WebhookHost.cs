using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Switchboard.ControlPlane.Webhooks;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Webhooks;

/// <summary>
/// A server of its own for delivery tests: virtual time, loopback allow-listed for the receivers, and (unless
/// asked otherwise) the dispatcher loop off so the test drives each round and the schedule deterministically.
/// </summary>
internal sealed class WebhookHost : IAsyncDisposable
{
    private WebhookHost(TestServerInstance server, FakeTimeProvider? time, TestKey key)
    {
        Server = server;
        VirtualTime = time;
        Key = key;
    }

    public TestServerInstance Server { get; }
    public FakeTimeProvider? VirtualTime { get; }
    public FakeTimeProvider Time => VirtualTime ?? throw new InvalidOperationException("This host runs on real time.");
    public TestKey Key { get; }
    public HttpClient Client => Key.Client;
    /// <summary>The database name when on PostgreSQL (for a second node), else null.</summary>
    public string? PostgresDatabase
    {
        get
        {
            var cs = Server.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["ConnectionStrings:Switchboard"];
            return cs is null ? null : new Npgsql.NpgsqlConnectionStringBuilder(cs).Database;
        }
    }

    public WebhookDispatcher Dispatcher => Server.Services.GetRequiredService<WebhookDispatcher>();

    /// <param name="sharedPostgresDatabase">A second node on another host's PostgreSQL database (<see cref="PostgresDatabase"/>).</param>
    /// <param name="logs">Receives the server's log lines when given.</param>
    public static async Task<WebhookHost> StartAsync(string provider, bool runDispatcher = false, bool virtualTime = true,
        string? sharedPostgresDatabase = null, CapturingLoggerProvider? logs = null)
    {
        var time = virtualTime ? new FakeTimeProvider(DateTimeOffset.UtcNow) : null;
        var settings = new Dictionary<string, string?>
        {
            ["Outbound:AllowedHosts:0"] = "127.0.0.1",
            ["Webhooks:DispatcherEnabled"] = runDispatcher ? "true" : "false",
        };
        var server = await TestServerInstance.StartAsync(provider, settings, b =>
        {
            if (time is not null) b.Services.AddSingleton<TimeProvider>(time);
            if (logs is not null) b.Logging.AddProvider(logs);
        }, sharedPostgresDatabase);
        return new WebhookHost(server, time, await server.CreateKeyAsync());
    }

    /// <summary>Runs dispatcher rounds until nothing due is left.</summary>
    public async Task DrainAsync()
    {
        for (var i = 0; i < 100; i++)
        {
            if (await Dispatcher.RunOnceAsync(CancellationToken.None) == 0) return;
        }
        throw new InvalidOperationException("The dispatcher kept finding work after 100 rounds.");
    }

    public async Task<JsonNode> CreateEndpointAsync(string url, string? extraJson = null)
    {
        var response = await Client.PostJsonAsync("/api/v1/webhooks",
            "{\"url\":\"" + url + "\"" + (extraJson is null ? "" : "," + extraJson) + "}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!;
    }

    public async Task<string> SendTestEventAsync(string endpointId, string type = "call.ended")
    {
        var response = await Client.PostJsonAsync($"/api/v1/webhooks/{endpointId}/test", "{\"event_type\":\"" + type + "\"}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, body);
        return (string)JsonNode.Parse(body)!["event_id"]!;
    }

    public async Task<JsonArray> DeliveriesAsync(string endpointId, string query = "")
    {
        var response = await Client.GetAsync($"/api/v1/webhooks/{endpointId}/deliveries{query}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!["data"]!.AsArray();
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
