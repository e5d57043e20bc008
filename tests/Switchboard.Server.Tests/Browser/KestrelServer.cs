using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane;

namespace Switchboard.Server.Tests.Browser;

/// <summary>
/// The real server on Kestrel at a free loopback port (a browser cannot reach a TestServer), built as
/// <c>switchboard serve</c> builds it: migrated, with the demo agent seeded into the organization <c>default</c>.
/// </summary>
internal sealed class KestrelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private KestrelServer(WebApplication app, string dataDirectory, string baseUrl)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }
    public IServiceProvider Services => _app.Services;

    public static async Task<KestrelServer> StartAsync()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "sb-browser-" + Guid.NewGuid().ToString("N"));
        var app = ServerHost.Build(
        [
            "--urls=http://127.0.0.1:0",
            "--Switchboard:DataDirectory=" + dataDirectory,
            "--Switchboard:ApiKeyPepper=test-pepper-0123456789abcdef0123456789abcdef",
            "--Sip:Enabled=false",
        ], quiet: true);
        await ControlPlaneAdmin.MigrateAsync(app.Services);
        await ControlPlaneAdmin.SeedDemoAgentAsync(app.Services);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new KestrelServer(app, dataDirectory, address.TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}
