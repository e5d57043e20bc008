using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Switchboard.Server.Tests.WebCalls;

/// <summary>The browser's side of a web call stream: collects the server's events and counts its audio frames.</summary>
internal sealed class PageSocket : IAsyncDisposable
{
    private readonly WebSocket _socket;
    private readonly List<JsonElement> _events = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly Task _reader;
    private int _audioFrames;

    public PageSocket(WebSocket socket)
    {
        _socket = socket;
        _reader = ReadAsync();
    }

    public int AudioFrames => Volatile.Read(ref _audioFrames);

    public Task Closed => _reader;

    public IReadOnlyList<JsonElement> Events
    {
        get
        {
            lock (_events) return [.. _events];
        }
    }

    public IEnumerable<string> Types => Events.Select(e => e.GetProperty("type").GetString()!);

    public async Task<bool> WaitForAsync(Func<JsonElement, bool> match, TimeSpan max)
    {
        using var bound = new CancellationTokenSource(max);
        while (!Events.Any(match))
        {
            if (_reader.IsCompleted && _arrived.CurrentCount == 0) return Events.Any(match);
            try
            {
                await _arrived.WaitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                return Events.Any(match);
            }
        }
        return true;
    }

    public Task SendAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        try
        {
            await _reader;
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        _socket.Dispose();
        _arrived.Dispose();
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (_socket.State == WebSocketState.CloseReceived)
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                    return;
                }
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    Interlocked.Increment(ref _audioFrames);
                }
                else
                {
                    using var document = JsonDocument.Parse(message.ToArray());
                    lock (_events) _events.Add(document.RootElement.Clone());
                }
                message.SetLength(0);
                _arrived.Release();
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException)
        {
            // The connection is gone (the in-process test server reports a socket the server released as disposed).
        }
        finally
        {
            _arrived.Release();
        }
    }
}
