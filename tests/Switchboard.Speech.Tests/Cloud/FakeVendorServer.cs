using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Switchboard.Speech.Tests.Cloud;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with an ephemeral port, standing in for a paid vendor API: each test maps the
/// vendor's routes with handlers that assert what the client sent and answer in the vendor's wire format.
/// </summary>
internal sealed class FakeVendorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeVendorServer(WebApplication app, Uri httpBase)
    {
        _app = app;
        HttpBase = httpBase;
        WebSocketBase = new UriBuilder(httpBase) { Scheme = "ws" }.Uri;
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    internal Uri HttpBase { get; }

    /// <summary>ws://127.0.0.1:PORT/</summary>
    internal Uri WebSocketBase { get; }

    /// <summary>Handler failures, so a test sees why the fake rejected the client instead of only a closed socket.</summary>
    internal List<Exception> Failures { get; } = [];

    internal static async Task<FakeVendorServer> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        map(app);
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        return new FakeVendorServer(app, new Uri($"http://127.0.0.1:{address.Port}/"));
    }

    /// <summary>Reads the next whole message; null when the client closed.</summary>
    internal static async Task<(WebSocketMessageType Type, byte[] Data)?> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken = default)
    {
        using var message = new MemoryStream();
        byte[] buffer = new byte[8192];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return (result.MessageType, message.ToArray());
            }
        }
    }

    internal static Task SendTextAsync(WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    internal static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status = WebSocketCloseStatus.NormalClosure, string? reason = null)
    {
        await socket.CloseOutputAsync(status, reason, CancellationToken.None);
        // Drain until the client's close arrives so Kestrel does not reset the connection under it.
        try
        {
            while (await ReceiveAsync(socket) is not null)
            {
            }
        }
        catch (WebSocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
