using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Switchboard.Realtime.Sessions.Events;

namespace Switchboard.ControlPlane.Calls;

/// <summary>
/// The <c>call_events</c> type and snake_case JSON payload of each engine event (docs/calls.md lists the shapes).
/// Written by hand rather than by reflection: the stored format is a contract and should not move when a record
/// in the engine grows a property.
/// </summary>
internal static class CallEventPayloads
{
    // Stored, never embedded in HTML: keep transcripts readable in the database (no \u escapes of accents or quotes).
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static (string Type, string Payload) From(CallEvent callEvent)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            var type = Write(w, callEvent);
            w.WriteEndObject();
            w.Flush();
            return (type, Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
    }

    public static long Ms(TimeSpan value) => (long)Math.Round(value.TotalMilliseconds, MidpointRounding.AwayFromZero);

    private static string Write(Utf8JsonWriter w, CallEvent callEvent)
    {
        switch (callEvent)
        {
            case Utterance u:
                w.WriteString("role", u.Role == UtteranceRole.Agent ? "agent" : "user");
                w.WriteString("text", u.Text);
                w.WriteNumber("start_ms", Ms(u.Start));
                w.WriteNumber("end_ms", Ms(u.End));
                w.WriteBoolean("interrupted", u.Interrupted);
                return CallEventTypes.Utterance;
            case ToolCalled t:
                w.WriteString("idempotency_key", t.IdempotencyKey);
                w.WriteString("name", t.Name);
                WriteJsonOrString(w, "arguments", t.Arguments);
                if (t.Result is null) w.WriteNull("result");
                else w.WriteString("result", t.Result);
                w.WriteBoolean("is_error", t.IsError);
                w.WriteNumber("elapsed_ms", Ms(t.Elapsed));
                return CallEventTypes.ToolCall;
            case DigitEvent d:
                w.WriteString("digits", d.Digits);
                w.WriteBoolean("received", d.Received);
                return CallEventTypes.Dtmf;
            case NodeTransition n:
                WriteNullable(w, "from_node_id", n.FromNodeId);
                w.WriteString("node_id", n.NodeId);
                WriteNullable(w, "reason", n.Reason);
                if (n.Variables is { Count: > 0 } variables)
                {
                    w.WriteStartObject("variables");
                    foreach (var (name, value) in variables) w.WriteString(name, value);
                    w.WriteEndObject();
                }

                return CallEventTypes.NodeTransition;
            case TransferAttempted x:
                w.WriteString("target", x.Target);
                w.WriteBoolean("accepted", x.Accepted);
                WriteNullable(w, "detail", x.Detail);
                w.WriteString("mode", x.Mode);
                w.WriteString("outcome", x.Outcome);
                return CallEventTypes.Transfer;
            case TransferStarting ts:
                w.WriteString("target", ts.Target);
                w.WriteString("mode", ts.Mode);
                return CallEventTypes.TransferStarted;
            case TurnLatency l:
                w.WriteNumber("turn", l.Turn);
                WriteMs(w, "stt_final_ms", l.SttFinal);
                WriteMs(w, "first_text_ms", l.FirstText);
                WriteMs(w, "first_audio_ms", l.FirstAudio);
                WriteMs(w, "first_frame_sent_ms", l.FirstFrameSent);
                return CallEventTypes.TurnLatency;
            case CallStarted s:
                w.WriteString("agent_id", s.AgentId);
                w.WriteNumber("agent_version", s.AgentVersion);
                w.WriteString("direction", Direction(s.Direction));
                WriteNullable(w, "from", s.From);
                WriteNullable(w, "to", s.To);
                return CallEventTypes.CallStarted;
            case CallEnded e:
                w.WriteString("reason", e.Reason);
                WriteNullable(w, "recording_path", e.RecordingPath);
                return CallEventTypes.CallEnded;
            default:
                // A newer engine event this version does not know: keep its name so nothing is silently lost.
                w.WriteString("event", callEvent.GetType().Name);
                return "other";
        }
    }

    public static string Direction(Realtime.Sessions.CallDirection direction) => direction switch
    {
        Realtime.Sessions.CallDirection.Inbound => "inbound",
        Realtime.Sessions.CallDirection.Outbound => "outbound",
        Realtime.Sessions.CallDirection.Web => "web",
        _ => "simulated",
    };

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }

    private static void WriteMs(Utf8JsonWriter w, string name, TimeSpan? value)
    {
        if (value is { } v) w.WriteNumber(name, Ms(v));
        else w.WriteNull(name);
    }

    /// <summary>Tool arguments are JSON from the model; kept as JSON when they parse, as a string when they do not.</summary>
    private static void WriteJsonOrString(Utf8JsonWriter w, string name, string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            w.WritePropertyName(name);
            doc.RootElement.WriteTo(w);
        }
        catch (JsonException)
        {
            w.WriteString(name, text);
        }
    }
}
