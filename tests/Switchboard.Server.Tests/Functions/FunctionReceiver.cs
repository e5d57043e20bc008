using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Switchboard.Server.Tests.Functions;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (ephemeral port) for HTTP functions to call: records every request as it
/// arrived and answers as the test's handler says (by default 200 with a small JSON body).
/// </summary>
internal sealed class FunctionReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _received = new();
    private readonly Func<RecordedRequest, HttpContext, Task> _handler;
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FunctionReceiver(WebApplication app, Func<RecordedRequest, HttpContext, Task> handler)
    {
        _app = app;
        _handler = handler;
    }

    public string BaseUrl { get; private set; } = "";
    public IReadOnlyList<RecordedRequest> Received => _received.ToArray();

    /// <summary>Completes when the first request has arrived (its handler may still be running).</summary>
    public Task FirstRequest => _first.Task;

    public static async Task<FunctionReceiver> StartAsync(Func<RecordedRequest, HttpContext, Task>? handler = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new FunctionReceiver(app, handler ?? ((_, c) => c.Response.WriteAsJsonAsync(new { ok = true })));
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.BaseUrl = app.Urls.First();
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var request = new RecordedRequest(context.Request.Method, rawTarget, context.Request.Path, context.Request.QueryString.Value ?? "", headers, body);
        _received.Enqueue(request);
        _first.TrySetResult();
        await _handler(request, context);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
