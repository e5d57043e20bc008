using System.IO.Pipelines;
using System.Net.WebSockets;

namespace Switchboard.Realtime.Tests.Transports.Browser;

/// <summary>A server WebSocket and the browser's end of it, connected in memory (RFC 6455 framing, no HTTP).</summary>
internal sealed class WebSocketPair : IDisposable
{
    public WebSocketPair()
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        var options = new WebSocketCreationOptions { KeepAliveInterval = TimeSpan.Zero };
        Server = WebSocket.CreateFromStream(new DuplexPipeStream(toServer.Reader, toClient.Writer), new WebSocketCreationOptions
        {
            IsServer = true,
            KeepAliveInterval = TimeSpan.Zero,
        });
        Client = WebSocket.CreateFromStream(new DuplexPipeStream(toClient.Reader, toServer.Writer), options);
    }

    public WebSocket Server { get; }
    public WebSocket Client { get; }

    public void Dispose()
    {
        Server.Dispose();
        Client.Dispose();
    }
}
