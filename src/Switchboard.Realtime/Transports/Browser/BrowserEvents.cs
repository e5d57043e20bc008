using System.Buffers;
using System.Text.Json;

namespace Switchboard.Realtime.Transports.Browser;

/// <summary>
/// The JSON text messages of the browser call protocol (see docs/web-calls.md), encoded once as UTF-8. Field names are
/// snake_case like the REST API.
/// </summary>
internal static class BrowserEvents
{
    public static readonly byte[] AgentStartTalking = Simple("agent_start_talking");
    public static readonly byte[] AgentStopTalking = Simple("agent_stop_talking");
    public static readonly byte[] Clear = Simple("clear");

    public static byte[] CallStarted(string callId, string agentId, int sampleRate) => Write(w =>
    {
        w.WriteString("type", "call_started");
        w.WriteString("call_id", callId);
        w.WriteString("agent_id", agentId);
        w.WriteNumber("sample_rate", sampleRate);
    });

    public static byte[] Transcript(string role, string text, bool final) => Write(w =>
    {
        w.WriteString("type", "transcript");
        w.WriteString("role", role);
        w.WriteString("text", text);
        w.WriteBoolean("final", final);
    });

    public static byte[] CallEnded(string reason) => Write(w =>
    {
        w.WriteString("type", "call_ended");
        w.WriteString("reason", reason);
    });

    public static byte[] Error(string code, string message) => Write(w =>
    {
        w.WriteString("type", "error");
        w.WriteString("code", code);
        w.WriteString("message", message);
    });

    public static byte[] Digits(string digits) => Write(w =>
    {
        w.WriteString("type", "dtmf");
        w.WriteString("digits", digits);
    });

    private static byte[] Simple(string type) => Write(w => w.WriteString("type", type));

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
