// The speech interfaces of Microsoft.Extensions.AI 10.11 are experimental (MEAI001); they are our contract (§6).
#pragma warning disable MEAI001

using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Switchboard.Speech.Deepgram;

/// <summary>
/// Turns Deepgram's server messages into MEAI updates. Deepgram finalises an utterance in segments (<c>is_final</c>)
/// and marks its end with <c>speech_final</c> (or an <c>UtteranceEnd</c> message); pocketsphinx-style consumers want
/// the whole utterance once, so finalised segments are collected here and interim text is shown after them.
/// </summary>
/// <remarks>Not thread-safe; one per recognition.</remarks>
internal sealed class DeepgramUtterance
{
    private readonly StringBuilder _final = new();
    private readonly string _model;
    private TimeSpan? _start;
    private TimeSpan _end;

    internal DeepgramUtterance(string model) => _model = model;

    /// <summary>The update a server message produces, if any.</summary>
    /// <exception cref="SpeechProviderException">The message is a Deepgram error.</exception>
    /// <exception cref="JsonException">The message is not JSON.</exception>
    internal SpeechToTextResponseUpdate? Accept(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        JsonElement root = document.RootElement;
        string? type = root.TryGetProperty("type", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "Results":
                return OnResults(root);
            case "UtteranceEnd":
                return Flush();
            case "Error":
                string message = root.TryGetProperty("description", out JsonElement d) && d.ValueKind == JsonValueKind.String ? d.GetString()!
                    : root.TryGetProperty("message", out JsonElement m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "error message without description";
                throw new SpeechProviderException(DeepgramSpeechToTextClient.ProviderName, null, message);
            default:
                // Metadata, SpeechStarted and future message types carry nothing for the transcript.
                return null;
        }
    }

    /// <summary>The pending utterance as a final update (at a natural end or the end of the stream), if it has text.</summary>
    internal SpeechToTextResponseUpdate? Flush()
    {
        if (_final.Length == 0)
        {
            _start = null;
            return null;
        }

        var update = Make(_final.ToString(), SpeechToTextResponseUpdateKind.TextUpdated);
        _final.Clear();
        _start = null;
        return update;
    }

    private SpeechToTextResponseUpdate? OnResults(JsonElement root)
    {
        bool isFinal = root.TryGetProperty("is_final", out JsonElement f) && f.ValueKind == JsonValueKind.True;
        bool speechFinal = root.TryGetProperty("speech_final", out JsonElement s) && s.ValueKind == JsonValueKind.True;
        double start = root.TryGetProperty("start", out JsonElement st) && st.ValueKind == JsonValueKind.Number ? st.GetDouble() : 0;
        double duration = root.TryGetProperty("duration", out JsonElement du) && du.ValueKind == JsonValueKind.Number ? du.GetDouble() : 0;
        string transcript = Transcript(root).Trim();

        if (transcript.Length > 0)
        {
            _start ??= TimeSpan.FromSeconds(start);
            _end = TimeSpan.FromSeconds(start + duration);
        }

        if (!isFinal)
        {
            return transcript.Length == 0 ? null : Make(Join(_final.ToString(), transcript), SpeechToTextResponseUpdateKind.TextUpdating);
        }

        if (transcript.Length > 0)
        {
            if (_final.Length > 0)
            {
                _final.Append(' ');
            }

            _final.Append(transcript);
        }

        if (speechFinal)
        {
            return Flush();
        }

        return transcript.Length == 0 ? null : Make(_final.ToString(), SpeechToTextResponseUpdateKind.TextUpdating);
    }

    private static string Transcript(JsonElement root)
    {
        if (root.TryGetProperty("channel", out JsonElement channel)
            && channel.TryGetProperty("alternatives", out JsonElement alternatives)
            && alternatives.ValueKind == JsonValueKind.Array
            && alternatives.GetArrayLength() > 0
            && alternatives[0].TryGetProperty("transcript", out JsonElement transcript)
            && transcript.ValueKind == JsonValueKind.String)
        {
            return transcript.GetString() ?? string.Empty;
        }

        return string.Empty;
    }

    private static string Join(string settled, string interim) => settled.Length == 0 ? interim : settled + " " + interim;

    private SpeechToTextResponseUpdate Make(string text, SpeechToTextResponseUpdateKind kind) => new(text)
    {
        Kind = kind,
        StartTime = _start,
        EndTime = _end,
        ModelId = _model,
    };
}
