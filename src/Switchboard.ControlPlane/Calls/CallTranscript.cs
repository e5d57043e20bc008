using System.Text.Json;

namespace Switchboard.ControlPlane.Calls;

/// <summary>Reads the stored events of one call (in sequence order) back as its transcript and latency waterfall.</summary>
internal static class CallTranscript
{
    public static (IReadOnlyList<TranscriptEntry> Transcript, IReadOnlyList<TurnLatencyEntry> Turns) Build(IReadOnlyList<CallEventRecord> events)
    {
        var transcript = new List<TranscriptEntry>();
        var turns = new List<TurnLatencyEntry>();
        foreach (var e in events)
        {
            if (e.Type == CallEventTypes.TurnLatency)
            {
                using var doc = JsonDocument.Parse(e.Payload);
                var p = doc.RootElement;
                turns.Add(new TurnLatencyEntry(Int(p, "turn") ?? 0, e.At, e.OffsetMs, Long(p, "stt_final_ms"), Long(p, "first_text_ms"),
                    Long(p, "first_audio_ms"), Long(p, "first_frame_sent_ms")));
            }
            else if (CallEventTypes.InTranscript(e.Type))
            {
                using var doc = JsonDocument.Parse(e.Payload);
                transcript.Add(Entry(e, doc.RootElement));
            }
        }
        return (transcript, turns);
    }

    private static TranscriptEntry Entry(CallEventRecord e, JsonElement p) => e.Type switch
    {
        CallEventTypes.Utterance => new TranscriptEntry(e.Sequence, e.Type, Str(p, "role") ?? "user", e.At, e.OffsetMs,
            Text: Str(p, "text"), StartMs: Long(p, "start_ms"), EndMs: Long(p, "end_ms"), Interrupted: Bool(p, "interrupted")),
        CallEventTypes.ToolCall => new TranscriptEntry(e.Sequence, e.Type, "tool", e.At, e.OffsetMs,
            Name: Str(p, "name"), Arguments: p.TryGetProperty("arguments", out var a) ? a.Clone() : null, Result: Str(p, "result"),
            IsError: Bool(p, "is_error"), ElapsedMs: Long(p, "elapsed_ms")),
        CallEventTypes.Dtmf => new TranscriptEntry(e.Sequence, e.Type, Bool(p, "received") == false ? "agent" : "user", e.At, e.OffsetMs,
            Text: Str(p, "digits"), Digits: Str(p, "digits")),
        CallEventTypes.NodeTransition => new TranscriptEntry(e.Sequence, e.Type, "system", e.At, e.OffsetMs,
            FromNodeId: Str(p, "from_node_id"), NodeId: Str(p, "node_id"), Reason: Str(p, "reason")),
        _ => new TranscriptEntry(e.Sequence, e.Type, "agent", e.At, e.OffsetMs,
            Target: Str(p, "target"), Accepted: Bool(p, "accepted"), Detail: Str(p, "detail"), Mode: Str(p, "mode"), Outcome: Str(p, "outcome")),
    };

    private static string? Str(JsonElement p, string name) =>
        p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Long(JsonElement p, string name) =>
        p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;

    private static int? Int(JsonElement p, string name) =>
        p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

    private static bool? Bool(JsonElement p, string name) =>
        p.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;
}
