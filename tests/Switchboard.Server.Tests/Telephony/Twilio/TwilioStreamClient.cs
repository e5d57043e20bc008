using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchboard.Realtime.Simulation;

namespace Switchboard.Server.Tests.Telephony.Twilio;

/// <summary>
/// Plays Twilio over a media stream WebSocket, from the published message format: connected, start (with the stream
/// token parameter), μ-law silence every 20 ms, stop; collects media/mark/clear and echoes each mark (audio "plays" at once).
/// With <c>telnyx</c>, the same in Telnyx's dialect (snake_case fields, <c>stream_id</c>, <c>PCMU</c>).
/// </summary>
internal sealed class TwilioStreamClient : IAsyncDisposable
{
    private const string StreamSid = "MZ00000000000000000000000000000001";
    private readonly WebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly List<JsonObject> _received = [];
    private readonly CancellationTokenSource _stopPump = new();
    private readonly Task _receiveLoop;
    private Task _pump = Task.CompletedTask;
    private readonly bool _telnyx;
    private int _sequence;

    public TwilioStreamClient(WebSocket socket, bool telnyx = false)
    {
        _socket = socket;
        _telnyx = telnyx;
        _receiveLoop = ReceiveAsync();
    }

    public WebSocketCloseStatus? CloseStatus { get; private set; }

    public Task Closed => _receiveLoop;

    public IReadOnlyList<JsonObject> Received
    {
        get
        {
            lock (_received) return [.. _received];
        }
    }

    public int Count(string @event) => Received.Count(m => (string?)m["event"] == @event);

    public async Task StartAsync(string token, string callSid = "CA00000000000000000000000000000001")
    {
        if (_telnyx)
        {
            await SendAsync("""{"event":"connected","version":"1.0.0"}""");
            await SendAsync(new JsonObject
            {
                ["event"] = "start",
                ["sequence_number"] = Next().ToString(),
                ["start"] = new JsonObject
                {
                    ["call_control_id"] = "v3:" + callSid,
                    ["from"] = "+15550001",
                    ["to"] = "+15550100",
                    ["custom_parameters"] = new JsonObject { ["token"] = token },
                    ["media_format"] = new JsonObject { ["encoding"] = "PCMU", ["sample_rate"] = 8000, ["channels"] = 1 },
                },
                ["stream_id"] = StreamSid,
            }.ToJsonString());
            _pump = PumpSilenceAsync();
            return;
        }
        await SendAsync("""{"event":"connected","protocol":"Call","version":"1.0.0"}""");
        await SendAsync(new JsonObject
        {
            ["event"] = "start",
            ["sequenceNumber"] = Next().ToString(),
            ["start"] = new JsonObject
            {
                ["accountSid"] = "AC00000000000000000000000000000000",
                ["streamSid"] = StreamSid,
                ["callSid"] = callSid,
                ["tracks"] = new JsonArray("inbound"),
                ["mediaFormat"] = new JsonObject { ["encoding"] = "audio/x-mulaw", ["sampleRate"] = 8000, ["channels"] = 1 },
                ["customParameters"] = new JsonObject { ["token"] = token },
            },
            ["streamSid"] = StreamSid,
        }.ToJsonString());
        _pump = PumpSilenceAsync();
    }

    public async Task StopAsync()
    {
        await _stopPump.CancelAsync();
        await _pump;
        await SendAsync(_telnyx
            ? $$$"""{"event":"stop","sequence_number":"{{{Next()}}}","stop":{"call_control_id":"v3:CA1"},"stream_id":"{{{StreamSid}}}"}"""
            : $$$"""{"event":"stop","sequenceNumber":"{{{Next()}}}","streamSid":"{{{StreamSid}}}","stop":{"accountSid":"AC00000000000000000000000000000000","callSid":"CA00000000000000000000000000000001"}}""");
    }

    public async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan max)
    {
        using var timeout = new CancellationTokenSource(max);
        while (!condition())
        {
            if (timeout.IsCancellationRequested || _receiveLoop.IsCompleted) return condition();
            await Task.Delay(20, CancellationToken.None);
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopPump.CancelAsync();
        await _pump;
        if (_socket.State == WebSocketState.Open) _socket.Abort();
        await _receiveLoop.WaitAsync(TimeSpan.FromSeconds(10));
        _socket.Dispose();
        _sendLock.Dispose();
        _stopPump.Dispose();
    }

    private int Next() => Interlocked.Increment(ref _sequence);

    /// <summary>A field's name in this client's dialect (Telnyx: snake_case, and its stream id is <c>stream_id</c>).</summary>
    private string Field(string twilio) => !_telnyx ? twilio : twilio switch
    {
        "streamSid" => "stream_id",
        "sequenceNumber" => "sequence_number",
        _ => twilio,
    };

    private async Task PumpSilenceAsync()
    {
        await Task.Yield();
        var payload = Convert.ToBase64String(Enumerable.Repeat((byte)0xFF, 160).ToArray());
        var pacer = new RealTimePacer(TimeProvider.System, TimeSpan.FromMilliseconds(20));
        // Bounded: a call that never ends fails its test instead of hanging it.
        for (var chunk = 1; chunk < 60 * 50 && !_stopPump.IsCancellationRequested && _socket.State == WebSocketState.Open; chunk++)
        {
            try
            {
                await pacer.WaitAsync(_stopPump.Token);
                await SendAsync($$$"""{"event":"media","{{{Field("sequenceNumber")}}}":"{{{Next()}}}","media":{"track":"inbound","chunk":"{{{chunk}}}","timestamp":"{{{chunk * 20}}}","payload":"{{{payload}}}"},"{{{Field("streamSid")}}}":"{{{StreamSid}}}"}""");
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
            {
                return; // the server ended the stream
            }
        }
    }

    private async Task SendAsync(string json)
    {
        // Bounded: a server that stopped reading fails the test instead of hanging it.
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

    private async Task ReceiveAsync()
    {
        await Task.Yield();
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var length = 0;
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), CancellationToken.None);
                    length += result.Count;
                }
                while (!result.EndOfMessage);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    CloseStatus = result.CloseStatus;
                    return;
                }
                var message = JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, length))!.AsObject();
                lock (_received) _received.Add(message);
                if ((string?)message["event"] == "mark")
                {
                    var name = (string)message["mark"]!["name"]!;
                    await SendAsync($$$"""{"event":"mark","{{{Field("sequenceNumber")}}}":"{{{Next()}}}","{{{Field("streamSid")}}}":"{{{StreamSid}}}","mark":{"name":"{{{name}}}"}}""");
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The server went away without a close handshake.
        }
    }
}
