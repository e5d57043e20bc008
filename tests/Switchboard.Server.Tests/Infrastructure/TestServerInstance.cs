using System.Net.Http.Headers;
using Microsoft.AspNetCore.TestHost;
using Switchboard.ControlPlane;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>
/// One server, built exactly as <c>switchboard serve</c> builds it, on its own fresh database, hosted in-process.
/// </summary>
public sealed class TestServerInstance : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDirectory;
    private readonly string? _postgresDatabase;

    private TestServerInstance(WebApplication app, string dataDirectory, string? postgresDatabase)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        _postgresDatabase = postgresDatabase;
    }

    public IServiceProvider Services => _app.Services;

    public static async Task<TestServerInstance> StartAsync(
        string provider, IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null,
        string? sharedPostgresDatabase = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "sb-test-" + Guid.NewGuid().ToString("N"));
        // SIP stays off unless a test turns it on (then on port 0): parallel test servers must not fight over 5060.
        var args = new List<string>
        {
            "--Switchboard:DataDirectory=" + dataDirectory, "--Switchboard:ApiKeyPepper=test-pepper-0123456789abcdef0123456789abcdef", "--Sip:Enabled=false",
        };
        string? database = null;
        if (provider == Providers.Postgres)
        {
            database = sharedPostgresDatabase ?? await TestDatabases.CreatePostgresAsync();
            args.Add("--ConnectionStrings:Switchboard=" + TestDatabases.PostgresConnection(database));
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) args.Add($"--{key}={value}");

        var app = ServerHost.Build(args.ToArray(), quiet: true, configure: b =>
        {
            b.WebHost.UseTestServer();
            configure?.Invoke(b);
        });
        await ControlPlaneAdmin.MigrateAsync(app.Services);
        await app.StartAsync();
        return new TestServerInstance(app, dataDirectory, sharedPostgresDatabase is null ? database : null);
    }

    public HttpClient CreateClient(string? apiKey = null)
    {
        var client = _app.GetTestClient();
        if (apiKey is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    /// <summary>A WebSocket client that connects through the in-process server (the web call stream).</summary>
    public WebSocketClient CreateWebSocketClient() => _app.GetTestServer().CreateWebSocketClient();

    /// <summary>A key (and a fresh organization unless named) for one test; tests never share data.</summary>
    public async Task<TestKey> CreateKeyAsync(string? organization = null, string scopes = "*", int? ratePerMinute = null)
    {
        organization ??= "org-" + Guid.NewGuid().ToString("N");
        var list = scopes.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var (keyId, orgId, secret) = await ControlPlaneAdmin.CreateApiKeyAsync(Services, organization, "test", list, ratePerMinute);
        return new TestKey(keyId, orgId, secret, CreateClient(secret));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_postgresDatabase is not null) await TestDatabases.DropPostgresAsync(_postgresDatabase);
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}
