using System.Buffers;
using System.Net.WebSockets;
using System.Text;

namespace Switchboard.Speech.Cloud;

/// <summary>
/// The WebSocket plumbing the streaming providers share: connecting with an auth header (a refused handshake becomes
/// a <see cref="SpeechProviderException"/> with the HTTP status and the vendor's error header), and reading whole
/// text messages (a close with an error status becomes one too).
/// </summary>
/// <remarks>Not thread-safe: one receiver; sends are serialised by the caller.</remarks>
internal sealed class CloudWebSocket : IDisposable
{
    private readonly string _provider;
    private readonly ArrayBufferWriter<byte> _message = new(8192);

    private CloudWebSocket(string provider, ClientWebSocket socket)
    {
        _provider = provider;
        Socket = socket;
    }

    internal ClientWebSocket Socket { get; }

    /// <summary>Connects, mapping every failure (refused handshake, unreachable host) to a <see cref="SpeechProviderException"/>.</summary>
    /// <param name="errorHeader">Response header in which the vendor explains a refused handshake (Deepgram's <c>dg-error</c>), if any.</param>
    internal static async Task<CloudWebSocket> ConnectAsync(
        string provider, Uri uri, string headerName, string headerValue, string? errorHeader, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader(headerName, headerValue);
        socket.Options.CollectHttpResponseDetails = true;
        try
        {
            await socket.ConnectAsync(uri, cancellationToken);
            return new CloudWebSocket(provider, socket);
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            int status = (int)socket.HttpStatusCode;
            string? vendor = null;
            if (errorHeader is not null && socket.HttpResponseHeaders?.TryGetValue(errorHeader, out IEnumerable<string>? values) == true)
            {
                vendor = string.Join(' ', values);
            }

            socket.Dispose();
            throw new SpeechProviderException(
                provider,
                status == 0 ? null : status,
                vendor ?? (status == 0 ? $"could not connect to {uri.GetLeftPart(UriPartial.Path)}: {ex.Message}" : "the WebSocket handshake was refused"),
                ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends one text message.</summary>
    internal Task SendTextAsync(string text, CancellationToken cancellationToken) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken);

    /// <summary>
    /// Reads the next whole text message (binary messages are skipped); null once the server has closed normally.
    /// </summary>
    /// <exception cref="SpeechProviderException">The server closed with an error status, or the connection broke.</exception>
    internal async Task<ReadOnlyMemory<byte>?> ReceiveTextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            _message.ResetWrittenCount();
            ValueWebSocketReceiveResult result;
            do
            {
                Memory<byte> buffer = _message.GetMemory(4096);
                try
                {
                    result = await Socket.ReceiveAsync(buffer, cancellationToken);
                }
                catch (WebSocketException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new SpeechProviderException(_provider, null, $"the WebSocket connection broke: {ex.Message}", ex);
                }

                _message.Advance(result.Count);
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                WebSocketCloseStatus? status = Socket.CloseStatus;
                if (Socket.State == WebSocketState.CloseReceived)
                {
                    await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                }

                if (status is not (WebSocketCloseStatus.NormalClosure or null))
                {
                    string reason = string.IsNullOrEmpty(Socket.CloseStatusDescription) ? "no reason given" : Socket.CloseStatusDescription;
                    throw new SpeechProviderException(_provider, null, $"the server closed the WebSocket with status {(int)status}: {reason}");
                }

                return null;
            }

            if (result.MessageType == WebSocketMessageType.Text)
            {
                return _message.WrittenMemory;
            }
        }
    }

    /// <summary>Aborts the connection if it is still open (used when the caller gives up mid-stream).</summary>
    public void Dispose()
    {
        if (Socket.State is WebSocketState.Open or WebSocketState.CloseSent or WebSocketState.CloseReceived or WebSocketState.Connecting)
        {
            Socket.Abort();
        }

        Socket.Dispose();
    }
}
