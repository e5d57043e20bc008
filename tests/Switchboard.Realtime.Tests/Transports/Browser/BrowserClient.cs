using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Switchboard.Realtime.Tests.Transports.Browser;

/// <summary>
/// Plays the browser page: records every message the server sends (JSON events and agent audio, in order) and sends
/// microphone audio and control messages.
/// </summary>
internal sealed class BrowserClient : IAsyncDisposable
{
    private readonly WebSocket _socket;
    private readonly List<Received> _messages = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly Task _reader;
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    public BrowserClient(WebSocket socket)
    {
        _socket = socket;
        _reader = ReadAsync();
    }

    /// <summary>One message from the server: an event (<see cref="Type"/>, <see cref="Json"/>) or agent audio.</summary>
    public sealed record Received(string? Type, JsonElement Json, short[]? Audio)
    {
        public string? Str(string name) => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var v) ? v.GetString() : null;

        public bool IsAudible => Audio is not null && Audio.Any(s => Math.Abs((int)s) > 64);
    }

    public WebSocket Socket => _socket;

    /// <summary>Completes when the server closed the connection (or it broke).</summary>
    public Task Closed => _reader;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public IReadOnlyList<Received> Messages
    {
        get
        {
            lock (_messages) return [.. _messages];
        }
    }

    public IReadOnlyList<Received> Events => [.. Messages.Where(m => m.Type is not null)];

    public IReadOnlyList<string> EventTypes => [.. Events.Select(m => m.Type!)];

    /// <summary>Waits (bounded) until <paramref name="done"/> holds for the messages so far.</summary>
    public async Task<bool> WaitForAsync(Func<IReadOnlyList<Received>, bool> done, TimeSpan max)
    {
        using var bound = new CancellationTokenSource(max);
        while (!done(Messages))
        {
            if (_reader.IsCompleted && _arrived.CurrentCount == 0) return done(Messages);
            try
            {
                await _arrived.WaitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                return done(Messages);
            }
        }
        return true;
    }

    public Task<bool> WaitForEventAsync(string type, TimeSpan max, Func<Received, bool>? match = null) =>
        WaitForAsync(all => all.Any(m => m.Type == type && (match is null || match(m))), max);

    public Task SendJsonAsync(string json) => SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text);

    public Task SendBytesAsync(ReadOnlyMemory<byte> bytes) => SendAsync(bytes, WebSocketMessageType.Binary);

    public static byte[] Pcm(ReadOnlySpan<short> samples)
    {
        var bytes = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++) System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), samples[i]);
        return bytes;
    }

    public async Task CloseAsync()
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        try
        {
            await _reader;
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        _arrived.Dispose();
        _sendLock.Dispose();
    }

    private async Task SendAsync(ReadOnlyMemory<byte> bytes, WebSocketMessageType type)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, type, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
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
                var bytes = message.ToArray();
                message.SetLength(0);
                Received received;
                if (result.MessageType == WebSocketMessageType.Text)
                {
                    using var document = JsonDocument.Parse(bytes);
                    var json = document.RootElement.Clone();
                    received = new Received(json.GetProperty("type").GetString(), json, null);
                }
                else
                {
                    var samples = new short[bytes.Length / 2];
                    for (var i = 0; i < samples.Length; i++) samples[i] = System.Buffers.Binary.BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(i * 2));
                    received = new Received(null, default, samples);
                }
                lock (_messages) _messages.Add(received);
                _arrived.Release();
            }
        }
        catch (WebSocketException)
        {
            // Aborted by the test or the server.
        }
        finally
        {
            _arrived.Release();
        }
    }
}
