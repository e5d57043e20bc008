using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Switchboard.ControlPlane;
using Switchboard.Server;

namespace Switchboard.Bench.Api;

/// <summary>
/// The real server (authentication, rate limiting, metrics, SQLite) on a loopback port, seeded with one API key
/// and one agent. Owns its temporary data directory and deletes it on dispose.
/// </summary>
internal sealed class FullStackServer : IAsyncDisposable
{
    // The key validator caps a key at 1,000,000/min; the organization default is raised to match so neither refuses.
    private const int KeyRatePerMinute = 1_000_000;
    private const string AgentBody = """{"name":"bench","response_engine":{"type":"llm","model":"gpt-4o-mini"}}""";

    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private FullStackServer(WebApplication app, string dataDirectory, Uri baseUri, string apiKey, string agentId, byte[] agentJson)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        BaseUri = baseUri;
        ApiKey = apiKey;
        AgentId = agentId;
        AgentJson = agentJson;
    }

    public Uri BaseUri { get; }
    public string ApiKey { get; }
    public string AgentId { get; }
    public Uri AgentUri => new(BaseUri, $"/api/v1/agents/{AgentId}");
    public Uri HealthUri => new(BaseUri, "/health/live");

    /// <summary>The exact body <c>GET /api/v1/agents/{id}</c> returns, so the bare server can send the same bytes.</summary>
    public byte[] AgentJson { get; }

    public static async Task<FullStackServer> StartAsync(CancellationToken ct)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("switchboard-bench-").FullName;
        var app = ServerHost.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--Switchboard:DataDirectory={dataDirectory}",
            "--Switchboard:RateLimits:PerOrganizationPerMinute=10000000",
        ], quiet: true);
        try
        {
            await ControlPlaneAdmin.MigrateAsync(app.Services, ct);
            var (_, _, secret) = await ControlPlaneAdmin.CreateApiKeyAsync(app.Services, "bench", "bench", ["*"], KeyRatePerMinute, ct);
            await app.StartAsync(ct);
            var baseUri = new Uri(app.Urls.First());

            using var client = new HttpClient { BaseAddress = baseUri };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            using var created = await client.PostAsync("/api/v1/agents", new StringContent(AgentBody, Encoding.UTF8, "application/json"), ct);
            var createdText = await created.Content.ReadAsStringAsync(ct);
            if (!created.IsSuccessStatusCode)
                throw new InvalidOperationException($"Creating the bench agent failed: {(int)created.StatusCode} {createdText}");
            using var doc = JsonDocument.Parse(createdText);
            var agentId = doc.RootElement.GetProperty("id").GetString()
                ?? throw new InvalidOperationException("The created agent has no id.");

            using var fetched = await client.GetAsync(new Uri($"/api/v1/agents/{agentId}", UriKind.Relative), ct);
            var body = await fetched.Content.ReadAsByteArrayAsync(ct);
            if (!fetched.IsSuccessStatusCode)
                throw new InvalidOperationException($"Reading the bench agent failed: {(int)fetched.StatusCode} {Encoding.UTF8.GetString(body)}");
            return new FullStackServer(app, dataDirectory, baseUri, secret, agentId, body);
        }
        catch
        {
            await app.DisposeAsync();
            TryDelete(dataDirectory);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        TryDelete(_dataDirectory);
    }

    private static void TryDelete(string directory)
    {
        try { Directory.Delete(directory, recursive: true); }
        catch (IOException) { /* A leftover temp directory is harmless; failing the run over it is not. */ }
        catch (UnauthorizedAccessException) { }
    }
}
