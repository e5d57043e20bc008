using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Switchboard.ControlPlane.Tests.Outbound;

/// <summary>A real HTTP server on 127.0.0.1 (an ephemeral port) that records requests and answers as told.</summary>
internal sealed class TestReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestReceiver(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }
    public int Port => new Uri(BaseUrl).Port;
    public ConcurrentQueue<string> Paths { get; } = new();

    public static async Task<TestReceiver> StartAsync(Action<HttpContext> respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        TestReceiver? self = null;
        app.Run(context =>
        {
            self!.Paths.Enqueue(context.Request.Path + context.Request.QueryString);
            respond(context);
            return Task.CompletedTask;
        });
        await app.StartAsync();
        self = new TestReceiver(app, app.Urls.First());
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
