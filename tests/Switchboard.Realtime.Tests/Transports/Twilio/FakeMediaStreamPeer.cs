using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Switchboard.Realtime.Tests.Transports.Twilio;

/// <summary>One message the fake vendor received from the channel.</summary>
internal sealed record ReceivedMessage(string Event, string? StreamId, byte[]? Payload, string? MarkName, string Raw);

/// <summary>
/// The vendor's side of a media stream, written from Twilio's (and Telnyx's) published message format: sends
/// <c>connected</c>, <c>start</c>, <c>media</c>, <c>dtmf</c>, <c>stop</c>; receives <c>media</c>, <c>mark</c>,
/// <c>clear</c>; plays received audio on a model of the vendor's playout buffer and echoes each mark once the audio
/// before it has played, or at once when a <c>clear</c> drops that audio, as Twilio documents.
/// </summary>
internal sealed class FakeMediaStreamPeer : IAsyncDisposable
{
    private readonly WebSocket _socket;
    private readonly bool _telnyx;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Channel<bool> _pulse = Channel.CreateUnbounded<bool>();
    private readonly Queue<string?> _playout = new(); // null: one frame of audio; text: a mark
    private readonly List<ReceivedMessage> _received = [];
    private readonly List<string> _echoed = [];
    private readonly Task _receiveLoop;
    private int _sequence;
    private int _chunk;

    public FakeMediaStreamPeer(WebSocket socket, bool telnyx = false)
    {
        _socket = socket;
        _telnyx = telnyx;
        _receiveLoop = ReceiveLoopAsync();
    }

    public string StreamId { get; } = "MZ18ad3ab5a668481ce02b83e7395059f0";

    /// <summary>True: audio "plays" the moment it arrives (marks echo at once). False: <see cref="PlayFrames"/> plays it.</summary>
    public bool InstantPlayout { get; set; } = true;

    public bool CloseReceived { get; private set; }

    public IReadOnlyList<ReceivedMessage> Received
    {
        get
        {
            lock (_received) return [.. _received];
        }
    }

    public IReadOnlyList<string> EchoedMarks
    {
        get
        {
            lock (_received) return [.. _echoed];
        }
    }

    public int Count(string @event)
    {
        lock (_received) return _received.Count(m => m.Event == @event);
    }

    public Task SendConnectedAsync() => SendAsync(_telnyx
        ? """{"event":"connected","version":"1.0.0"}"""
        : """{"event":"connected","protocol":"Call","version":"1.0.0"}""");

    public Task SendStartAsync(IReadOnlyDictionary<string, string>? parameters = null, string? encoding = null, int sampleRate = 8000)
    {
        var custom = JsonSerializer.Serialize(parameters ?? new Dictionary<string, string>());
        if (_telnyx)
        {
            return SendAsync($$$"""
                {"event":"start","sequence_number":"{{{Next()}}}","start":{"user_id":"3e6f995f-85f7-4705-9741-53b116d28237",
                "call_control_id":"v3:MdI91X4lWFEs7IgbBEOT9M4AigoY08M0WWZFISt1Yw2axZ_IiE4pqg","client_state":"aGF2ZSBhIG5pY2UgZGF5ID1d",
                "from":"+13122010094","to":"+13122010095","custom_parameters":{{{custom}}},
                "media_format":{"encoding":"{{{encoding ?? "PCMU"}}}","sample_rate":{{{sampleRate}}},"channels":1}},"stream_id":"{{{StreamId}}}"}
                """);
        }
        return SendAsync($$$"""
            {"event":"start","sequenceNumber":"{{{Next()}}}","start":{"accountSid":"AC00000000000000000000000000000000",
            "streamSid":"{{{StreamId}}}","callSid":"CA00000000000000000000000000000001","tracks":["inbound"],
            "mediaFormat":{"encoding":"{{{encoding ?? "audio/x-mulaw"}}}","sampleRate":{{{sampleRate}}},"channels":1},
            "customParameters":{{{custom}}}},"streamSid":"{{{StreamId}}}"}
            """);
    }

    /// <summary>Sends caller audio (already G.711-coded) as one <c>media</c> message.</summary>
    public Task SendMediaAsync(ReadOnlySpan<byte> payload)
    {
        var chunk = ++_chunk;
        var id = _telnyx ? "stream_id" : "streamSid";
        var sequence = _telnyx ? "sequence_number" : "sequenceNumber";
        return SendAsync($$$"""
            {"event":"media","{{{sequence}}}":"{{{Next()}}}","media":{"track":"inbound","chunk":"{{{chunk}}}","timestamp":"{{{(chunk - 1) * 20}}}","payload":"{{{Convert.ToBase64String(payload)}}}"},"{{{id}}}":"{{{StreamId}}}"}
            """);
    }

    public Task SendDtmfAsync(char digit) => SendAsync(_telnyx
        ? $$$"""{"event":"dtmf","stream_id":"{{{StreamId}}}","sequence_number":"{{{Next()}}}","dtmf":{"digit":"{{{digit}}}"}}"""
        : $$$"""{"event":"dtmf","streamSid":"{{{StreamId}}}","sequenceNumber":"{{{Next()}}}","dtmf":{"track":"inbound_track","digit":"{{{digit}}}"}}""");

    public Task SendStopAsync() => SendAsync(_telnyx
        ? $$$"""{"event":"stop","sequence_number":"{{{Next()}}}","stop":{"user_id":"3e6f995f","call_control_id":"v3:Md"},"stream_id":"{{{StreamId}}}"}"""
        : $$$"""{"event":"stop","sequenceNumber":"{{{Next()}}}","streamSid":"{{{StreamId}}}","stop":{"accountSid":"AC00000000000000000000000000000000","callSid":"CA00000000000000000000000000000001"}}""");

    public async Task SendAsync(string json)
    {
        // Bounded: a channel that stopped reading fails the test instead of hanging it.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _sendLock.WaitAsync(timeout.Token);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, timeout.Token);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Plays up to <paramref name="frames"/> frames of received audio, echoing the marks reached.</summary>
    public async Task PlayFrames(int frames)
    {
        List<string> echo = [];
        lock (_playout)
        {
            while (_playout.Count > 0)
            {
                var head = _playout.Peek();
                if (head is null)
                {
                    if (frames == 0) break;
                    frames--;
                }
                else
                {
                    echo.Add(head);
                }
                _playout.Dequeue();
            }
        }
        foreach (var mark in echo) await EchoAsync(mark);
    }

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds, re-checking on every received message and
    /// every few milliseconds (for conditions on the channel's side).</summary>
    public async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan? max = null)
    {
        using var timeout = new CancellationTokenSource(max ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (timeout.IsCancellationRequested) return false;
            using var poll = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
            poll.CancelAfter(TimeSpan.FromMilliseconds(5));
            try
            {
                await _pulse.Reader.ReadAsync(poll.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "test over", CancellationToken.None);
            }
            catch (WebSocketException)
            {
            }
        }
        await _receiveLoop.WaitAsync(TimeSpan.FromSeconds(10));
        _sendLock.Dispose();
    }

    private int Next() => Interlocked.Increment(ref _sequence);

    private async Task EchoAsync(string mark)
    {
        lock (_received) _echoed.Add(mark);
        var json = _telnyx
            ? $$$"""{"event":"mark","sequence_number":"{{{Next()}}}","stream_id":"{{{StreamId}}}","mark":{"name":"{{{mark}}}"}}"""
            : $$$"""{"event":"mark","sequenceNumber":"{{{Next()}}}","streamSid":"{{{StreamId}}}","mark":{"name":"{{{mark}}}"}}""";
        await SendAsync(json);
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    CloseReceived = true;
                    if (_socket.State == WebSocketState.CloseReceived)
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    return;
                }
                await OnMessageAsync(Encoding.UTF8.GetString(buffer, 0, length));
                _pulse.Writer.TryWrite(true);
            }
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            _pulse.Writer.TryWrite(true);
        }
    }

    private async Task OnMessageAsync(string raw)
    {
        using var document = JsonDocument.Parse(raw);
        var root = document.RootElement;
        var @event = root.GetProperty("event").GetString()!;
        var streamId = root.TryGetProperty("streamSid", out var sid) ? sid.GetString()
            : root.TryGetProperty("stream_id", out var id) ? id.GetString() : null;
        byte[]? payload = @event == "media" ? Convert.FromBase64String(root.GetProperty("media").GetProperty("payload").GetString()!) : null;
        var mark = @event == "mark" ? root.GetProperty("mark").GetProperty("name").GetString() : null;
        lock (_received) _received.Add(new ReceivedMessage(@event, streamId, payload, mark, raw));

        List<string> echo = [];
        lock (_playout)
        {
            switch (@event)
            {
                case "media" when !InstantPlayout:
                    _playout.Enqueue(null);
                    break;
                case "mark" when _playout.Count == 0:
                    echo.Add(mark!); // nothing left to play before it
                    break;
                case "mark":
                    _playout.Enqueue(mark);
                    break;
                case "clear":
                    // Twilio drops the buffered audio and sends back the marks that were waiting on it.
                    while (_playout.Count > 0)
                    {
                        if (_playout.Dequeue() is { } pending) echo.Add(pending);
                    }
                    break;
            }
        }
        foreach (var name in echo) await EchoAsync(name);
    }
}
