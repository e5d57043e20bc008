using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace Switchboard.Realtime.Tests.Transports.Twilio;

/// <summary>Two ends of a real RFC 6455 WebSocket over a loopback TCP connection: the server end for the channel,
/// the client end for the fake vendor.</summary>
internal sealed class WebSocketPair : IDisposable
{
    private readonly TcpClient _client;
    private readonly TcpClient _server;

    private WebSocketPair(TcpClient client, TcpClient server)
    {
        _client = client;
        _server = server;
        Server = WebSocket.CreateFromStream(server.GetStream(), isServer: true, subProtocol: null, keepAliveInterval: Timeout.InfiniteTimeSpan);
        Client = WebSocket.CreateFromStream(client.GetStream(), isServer: false, subProtocol: null, keepAliveInterval: Timeout.InfiniteTimeSpan);
    }

    public WebSocket Server { get; }
    public WebSocket Client { get; }

    public static async Task<WebSocketPair> CreateAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient { NoDelay = true };
        var connect = client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        var server = await listener.AcceptTcpClientAsync();
        server.NoDelay = true;
        await connect;
        listener.Stop();
        return new WebSocketPair(client, server);
    }

    public void Dispose()
    {
        Server.Dispose();
        Client.Dispose();
        _client.Dispose();
        _server.Dispose();
    }
}
