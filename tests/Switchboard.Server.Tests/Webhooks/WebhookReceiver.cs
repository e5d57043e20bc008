using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Switchboard.Server.Tests.Webhooks;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (ephemeral port) that records every webhook request and answers as the
/// test scripts it (by the 0-based index of the request).
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly Func<int, ReceivedWebhook, ReceiverReply> _reply;
    private readonly Lock _lock = new();
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
    private int _count;

    private WebhookReceiver(WebApplication app, Func<int, ReceivedWebhook, ReceiverReply> reply)
    {
        _app = app;
        _reply = reply;
    }

    public string BaseUrl { get; private set; } = "";
    public string Url => BaseUrl + "/hook";
    public IReadOnlyList<ReceivedWebhook> Received => _received.ToArray();

    public static async Task<WebhookReceiver> StartAsync(Func<int, ReceivedWebhook, ReceiverReply>? reply = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, reply ?? ((_, _) => ReceiverReply.Ok));
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
        var request = new ReceivedWebhook(context.Request.Path, headers, body);
        int index;
        lock (_lock)
        {
            index = _count++;
            _received.Enqueue(request);
        }
        var reply = _reply(index, request);
        context.Response.StatusCode = reply.Status;
        if (reply.RetryAfter is not null) context.Response.Headers.RetryAfter = reply.RetryAfter;
        if (reply.Location is not null) context.Response.Headers.Location = reply.Location;
        if (reply.Body is not null) await context.Response.WriteAsync(reply.Body);
        lock (_lock)
        {
            foreach (var waiter in _waiters.Where(w => _count >= w.Count).ToList())
            {
                waiter.Done.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>Completes once <paramref name="count"/> requests have arrived (for the undriven dispatcher).</summary>
    public Task WaitForAsync(int count, CancellationToken ct)
    {
        lock (_lock)
        {
            if (_count >= count) return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, done));
            return done.Task.WaitAsync(ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
