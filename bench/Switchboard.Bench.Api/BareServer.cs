namespace Switchboard.Bench.Api;

/// <summary>
/// The baseline: Kestrel with one route of the same template and the same response bytes, and no middleware at all
/// (no authentication, rate limiting, metrics, logging or database).
/// </summary>
internal sealed class BareServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public Uri AgentUri(string agentId) => new(BaseUri, $"/api/v1/agents/{agentId}");

    public static async Task<BareServer> StartAsync(byte[] payload, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--urls=http://127.0.0.1:0"] });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/api/v1/agents/{id}", (string id, HttpContext context) =>
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength = payload.Length;
            return context.Response.Body.WriteAsync(payload, context.RequestAborted).AsTask();
        });
        await app.StartAsync(ct);
        return new BareServer(app, new Uri(app.Urls.First()));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
