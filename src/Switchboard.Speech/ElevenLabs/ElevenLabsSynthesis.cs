using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Switchboard.Speech.Cloud;
using Switchboard.Speech.Flite;

namespace Switchboard.Speech.ElevenLabs;

/// <summary>
/// One input-streaming synthesis: a sender loop (the initial <c>{"text":" ", "voice_settings":…}</c>, one
/// <c>{"text":"sentence ", "try_trigger_generation":true}</c> per complete sentence, then <c>{"text":""}</c>) and the
/// receive loop run by the consuming enumerator (<c>{"audio":base64, "isFinal":…, "normalizedAlignment":…}</c>).
/// </summary>
/// <remarks>Single use, not thread-safe; the enumerator owns the sender and stops it when it ends. Yielded sample
/// memory is valid until the next item is requested.</remarks>
internal sealed class ElevenLabsSynthesis
{
    private readonly Uri _uri;
    private readonly string _apiKey;
    private readonly ElevenLabsRequest _request;
    private readonly IAsyncEnumerable<string> _pieces;

    internal ElevenLabsSynthesis(Uri uri, string apiKey, ElevenLabsRequest request, IAsyncEnumerable<string> pieces)
    {
        _uri = uri;
        _apiKey = apiKey;
        _request = request;
        _pieces = pieces;
    }

    internal async IAsyncEnumerable<ElevenLabsChunk> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using CloudWebSocket socket = await CloudWebSocket.ConnectAsync(
            ElevenLabsTextToSpeechClient.ProviderName, _uri, "xi-api-key", _apiKey, null, cancellationToken);
        Task sender = SendAsync(socket, stop);
        short[] samples = [];
        int carried = 0;
        byte carriedByte = 0;
        try
        {
            while (true)
            {
                ReadOnlyMemory<byte>? message = await ReceiveAsync(socket, sender, stop.Token, cancellationToken);
                if (message is null)
                {
                    break;
                }

                Parsed parsed = Parse(message.Value.Span);
                if (parsed.Audio is { Length: > 0 } audio)
                {
                    // PCM16 samples may straddle messages; keep an odd trailing byte for the next one.
                    int total = carried + audio.Length;
                    int count = total / 2;
                    if (samples.Length < count)
                    {
                        samples = new short[count];
                    }

                    Span<byte> target = MemoryMarshal.AsBytes(samples.AsSpan(0, count));
                    if (carried == 1)
                    {
                        target[0] = carriedByte;
                    }

                    audio.AsSpan(0, (count * 2) - carried).CopyTo(target[carried..]);
                    carried = total - (count * 2);
                    if (carried == 1)
                    {
                        carriedByte = audio[^1];
                    }

                    if (count > 0)
                    {
                        yield return new ElevenLabsChunk(samples.AsMemory(0, count), parsed.Text);
                    }
                }

                if (parsed.IsFinal)
                {
                    break;
                }
            }

            await sender;
            await CloseQuietlyAsync(socket);
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await sender;
            }
            catch (Exception)
            {
                // Already surfaced through the receive loop, or irrelevant once the caller stopped listening.
            }
        }
    }

    private static async Task CloseQuietlyAsync(CloudWebSocket socket)
    {
        try
        {
            if (socket.Socket.State == WebSocketState.Open)
            {
                await socket.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
            // The server may already have gone; the audio is complete either way.
        }
    }

    private static async Task<ReadOnlyMemory<byte>?> ReceiveAsync(CloudWebSocket socket, Task sender, CancellationToken stop, CancellationToken caller)
    {
        try
        {
            return await socket.ReceiveTextAsync(stop);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException && stop.IsCancellationRequested && !caller.IsCancellationRequested)
        {
            // Only a failing sender cancels the receive while the caller still listens; its error is the real one.
            // It may still be unwinding, so wait for it rather than test whether it has faulted yet.
            await sender;
            throw;
        }
    }

    private static Parsed Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new SpeechProviderException(ElevenLabsTextToSpeechClient.ProviderName, null, "unexpected server message (not an object)");
            }

            bool hasAudio = root.TryGetProperty("audio", out JsonElement audio) && audio.ValueKind == JsonValueKind.String;
            if (!hasAudio && root.TryGetProperty("error", out JsonElement error) && error.ValueKind != JsonValueKind.Null)
            {
                string? message = root.TryGetProperty("message", out JsonElement m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                string code = error.ValueKind == JsonValueKind.String ? error.GetString()! : error.ToString();
                throw new SpeechProviderException(ElevenLabsTextToSpeechClient.ProviderName, null, message is null ? code : $"{code}: {message}");
            }

            bool isFinal = root.TryGetProperty("isFinal", out JsonElement f) && f.ValueKind == JsonValueKind.True;
            byte[]? bytes = hasAudio ? audio.GetBytesFromBase64() : null;
            return new Parsed(bytes, bytes is null ? null : AlignedText(root), isFinal);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw new SpeechProviderException(ElevenLabsTextToSpeechClient.ProviderName, null, $"unreadable server message: {ex.Message}", ex);
        }
    }

    private static string? AlignedText(JsonElement root)
    {
        foreach (string name in new[] { "normalizedAlignment", "alignment" })
        {
            if (root.TryGetProperty(name, out JsonElement alignment)
                && alignment.ValueKind == JsonValueKind.Object
                && alignment.TryGetProperty("chars", out JsonElement chars)
                && chars.ValueKind == JsonValueKind.Array)
            {
                var text = new StringBuilder();
                foreach (JsonElement c in chars.EnumerateArray())
                {
                    text.Append(c.GetString());
                }

                return text.ToString();
            }
        }

        return null;
    }

    private async Task SendAsync(CloudWebSocket socket, CancellationTokenSource stop)
    {
        CancellationToken token = stop.Token;
        try
        {
            await socket.SendTextAsync(OpeningMessage(), token);
            var splitter = new SentenceSplitter();
            await foreach (string piece in _pieces.WithCancellation(token))
            {
                if (piece is null)
                {
                    continue;
                }

                splitter.Append(piece);
                while (splitter.TryTake(out string sentence))
                {
                    await socket.SendTextAsync(TextMessage(sentence), token);
                }
            }

            if (splitter.Flush(out string last))
            {
                await socket.SendTextAsync(TextMessage(last), token);
            }

            await socket.SendTextAsync("""{"text":""}""", token);
        }
        catch (WebSocketException ex) when (!token.IsCancellationRequested)
        {
            await stop.CancelAsync();
            throw new SpeechProviderException(ElevenLabsTextToSpeechClient.ProviderName, null, $"sending text failed: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Wake the receive loop so it reports this failure instead of waiting for audio that will not come.
            await stop.CancelAsync();
            throw;
        }
    }

    private string OpeningMessage()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            // ElevenLabs documents a single space as the text of the message that opens the stream.
            json.WriteString("text", " ");
            json.WriteStartObject("voice_settings");
            json.WriteNumber("stability", _request.Stability);
            json.WriteNumber("similarity_boost", _request.SimilarityBoost);
            if (_request.Speed is { } speed)
            {
                json.WriteNumber("speed", speed);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string TextMessage(string sentence)
    {
        var buffer = new ArrayBufferWriter<byte>(sentence.Length + 64);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            // Each chunk ends with a space so ElevenLabs does not glue it to the next one.
            json.WriteString("text", sentence + " ");
            json.WriteBoolean("try_trigger_generation", true);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private readonly record struct Parsed(byte[]? Audio, string? Text, bool IsFinal);
}
