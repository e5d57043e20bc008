using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Switchboard.Server.Tests.PhoneNumbers;

/// <summary>
/// A customer's inbound webhook: a real Kestrel server on 127.0.0.1 that records each request and answers through
/// the test's handler (which may also never answer, to exercise the deadline).
/// </summary>
internal sealed class InboundWebhookFake : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(IReadOnlyDictionary<string, string> Headers, string Body)> _received = new();

    private InboundWebhookFake(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";
    public IReadOnlyList<(IReadOnlyDictionary<string, string> Headers, string Body)> Received => _received.ToArray();

    public static async Task<InboundWebhookFake> StartAsync(Func<HttpContext, Task> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new InboundWebhookFake(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            fake._received.Enqueue((context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), body));
            await answer(context);
        });
        await app.StartAsync();
        fake.Url = app.Urls.First() + "/inbound";
        return fake;
    }

    public static Func<HttpContext, Task> Json(string json, int status = 200) => context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
