using System.Buffers.Text;
using System.Text.Json;

namespace Switchboard.Realtime.Transports.Twilio;

/// <summary>
/// Reads inbound media stream messages. Field names of all dialects are accepted (camelCase and snake_case), because
/// the clones copy Twilio's layout but not always its spelling. The per-frame path allocates nothing.
/// </summary>
/// <remarks>A parser: kept in one piece on purpose. Stateless and thread-safe.</remarks>
internal static class MediaStreamParser
{
    /// <summary>Parses one message; a <c>media</c> payload is base64-decoded into <paramref name="payload"/>, which
    /// must be at least as long as <paramref name="json"/> (decoded data is always shorter than its text).</summary>
    /// <exception cref="JsonException">Not JSON, or a media payload that is not base64.</exception>
    public static InboundMessage Parse(ReadOnlySpan<byte> json, Span<byte> payload)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
        var kind = MediaStreamEvent.Unknown;
        var payloadBytes = 0;
        var outbound = false;
        var digit = '\0';
        long mark = -1;
        Section section = Section.None;
        var depth = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    depth++;
                    continue;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    depth--;
                    if (depth <= 1) section = Section.None;
                    continue;
                case JsonTokenType.PropertyName:
                    break;
                default:
                    continue;
            }

            if (depth == 1)
            {
                if (reader.ValueTextEquals("event"u8))
                {
                    reader.Read();
                    kind = reader.TokenType == JsonTokenType.String ? EventOf(ref reader) : MediaStreamEvent.Unknown;
                }
                else if (reader.ValueTextEquals("media"u8)) section = Section.Media;
                else if (reader.ValueTextEquals("dtmf"u8)) section = Section.Dtmf;
                else if (reader.ValueTextEquals("mark"u8)) section = Section.Mark;
                else section = Section.None;
                continue;
            }
            if (depth != 2) continue;

            switch (section)
            {
                case Section.Media when reader.ValueTextEquals("payload"u8):
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String) throw new JsonException("media.payload is not a string.");
                    payloadBytes = DecodeBase64(ref reader, payload);
                    break;
                case Section.Media when reader.ValueTextEquals("track"u8):
                    reader.Read();
                    outbound = reader.TokenType == JsonTokenType.String
                        && (reader.ValueTextEquals("outbound"u8) || reader.ValueTextEquals("outbound_track"u8));
                    break;
                case Section.Dtmf when reader.ValueTextEquals("digit"u8):
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length == 1) digit = (char)reader.ValueSpan[0];
                    break;
                case Section.Mark when reader.ValueTextEquals("name"u8):
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped
                        || !Utf8Parser.TryParse(reader.ValueSpan, out long value, out var consumed) || consumed != reader.ValueSpan.Length || value < 0)
                    {
                        value = -1;
                    }
                    mark = value;
                    break;
            }
        }
        return new InboundMessage(kind, payloadBytes, outbound, digit, mark);
    }

    /// <summary>Reads a <c>start</c> message (once per call, so a document is fine here).</summary>
    /// <exception cref="MediaStreamProtocolException">No stream id, or an audio format other than 8 kHz mono G.711.</exception>
    public static MediaStreamStart ParseStart(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw new MediaStreamProtocolException("The start message is not valid JSON.", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("start", out var start) || start.ValueKind != JsonValueKind.Object)
                throw new MediaStreamProtocolException("The start message has no 'start' object.");
            var streamId = Text(root, "streamSid", "stream_id") ?? Text(start, "streamSid", "stream_id")
                ?? throw new MediaStreamProtocolException("The start message names no stream (streamSid / stream_id).");
            var parameters = Parameters(start);
            var (encoding, rate) = Format(start);
            return new MediaStreamStart(streamId, Text(start, "callSid", "call_control_id"), Text(start, "accountSid", "account_sid"),
                parameters, encoding, rate, Text(start, "from", "from"), Text(start, "to", "to"));
        }
    }

    private static (MediaStreamEncoding Encoding, int Rate) Format(JsonElement start)
    {
        if (!TryGet(start, "mediaFormat", "media_format", out var format) || format.ValueKind != JsonValueKind.Object)
        {
            return (MediaStreamEncoding.MuLaw, 8000); // Twilio documents μ-law 8 kHz as the only format
        }
        var name = Text(format, "encoding", "encoding") ?? "audio/x-mulaw";
        MediaStreamEncoding encoding = name.ToUpperInvariant() switch
        {
            "AUDIO/X-MULAW" or "PCMU" or "MULAW" or "G711_ULAW" => MediaStreamEncoding.MuLaw,
            "AUDIO/X-ALAW" or "PCMA" or "ALAW" or "G711_ALAW" => MediaStreamEncoding.ALaw,
            _ => throw new MediaStreamProtocolException($"Audio encoding '{name}' is not supported; configure the stream for PCMU (μ-law) or PCMA (A-law)."),
        };
        var rate = TryGet(format, "sampleRate", "sample_rate", out var r) && r.ValueKind == JsonValueKind.Number && r.TryGetInt32(out var value) ? value : 8000;
        if (rate != 8000) throw new MediaStreamProtocolException($"Sample rate {rate} Hz is not supported with G.711; configure the stream for 8000 Hz.");
        if (TryGet(format, "channels", "channels", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var channels) && channels != 1)
            throw new MediaStreamProtocolException($"{channels} audio channels are not supported; the stream must be mono.");
        return (encoding, rate);
    }

    private static Dictionary<string, string> Parameters(JsonElement start)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!TryGet(start, "customParameters", "custom_parameters", out var parameters)) return result;
        if (parameters.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in parameters.EnumerateObject())
                result[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
        }
        else if (parameters.ValueKind == JsonValueKind.Array)
        {
            // Telnyx's Call Control takes custom parameters as a list of {name, value}.
            foreach (var item in parameters.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && Text(item, "name", "name") is { } name) result[name] = Text(item, "value", "value") ?? "";
            }
        }
        return result;
    }

    private static string? Text(JsonElement element, string camel, string snake) =>
        TryGet(element, camel, snake, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool TryGet(JsonElement element, string camel, string snake, out JsonElement value) =>
        element.TryGetProperty(camel, out value) || element.TryGetProperty(snake, out value);

    private static MediaStreamEvent EventOf(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("media"u8)) return MediaStreamEvent.Media;
        if (reader.ValueTextEquals("mark"u8)) return MediaStreamEvent.Mark;
        if (reader.ValueTextEquals("dtmf"u8)) return MediaStreamEvent.Dtmf;
        if (reader.ValueTextEquals("start"u8)) return MediaStreamEvent.Start;
        if (reader.ValueTextEquals("stop"u8)) return MediaStreamEvent.Stop;
        if (reader.ValueTextEquals("connected"u8)) return MediaStreamEvent.Connected;
        if (reader.ValueTextEquals("error"u8)) return MediaStreamEvent.Error;
        return MediaStreamEvent.Unknown;
    }

    private static int DecodeBase64(ref Utf8JsonReader reader, Span<byte> destination)
    {
        ReadOnlySpan<byte> text = reader.ValueSpan;
        if (reader.ValueIsEscaped)
        {
            // A JSON writer may escape '/' or '+'; unescape into the front of the destination and decode in place.
            var length = reader.CopyString(destination);
            var status = Base64.DecodeFromUtf8InPlace(destination[..length], out var written);
            if (status != System.Buffers.OperationStatus.Done) throw new JsonException("media.payload is not valid base64.");
            return written;
        }
        var result = Base64.DecodeFromUtf8(text, destination, out _, out var bytes);
        if (result != System.Buffers.OperationStatus.Done) throw new JsonException("media.payload is not valid base64.");
        return bytes;
    }

    private enum Section
    {
        None,
        Media,
        Dtmf,
        Mark,
    }
}
