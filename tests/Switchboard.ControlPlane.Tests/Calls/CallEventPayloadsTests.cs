using System.Text.Json;
using Switchboard.ControlPlane.Calls;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Sessions.Events;

namespace Switchboard.ControlPlane.Tests.Calls;

/// <summary>The stored event format (docs/calls.md) and reading it back as a transcript.</summary>
public sealed class CallEventPayloadsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_event_has_its_type_and_snake_case_payload()
    {
        AssertPayload(new Utterance("c", At, TimeSpan.Zero, UtteranceRole.User, "Hi \"there\" café", TimeSpan.FromMilliseconds(1200.4), TimeSpan.FromMilliseconds(2000.5), true),
            "utterance", """{"role":"user","text":"Hi \"there\" café","start_ms":1200,"end_ms":2001,"interrupted":true}""");
        AssertPayload(new ToolCalled("c", At, TimeSpan.Zero, "c:1", "lookup", """{"id": 7}""", null, true, TimeSpan.FromSeconds(1.5)),
            "tool_call", """{"idempotency_key":"c:1","name":"lookup","arguments":{"id":7},"result":null,"is_error":true,"elapsed_ms":1500}""");
        AssertPayload(new DigitEvent("c", At, TimeSpan.Zero, "12#", false), "dtmf", """{"digits":"12#","received":false}""");
        AssertPayload(new NodeTransition("c", At, TimeSpan.Zero, null, "start", null), "node_transition",
            """{"from_node_id":null,"node_id":"start","reason":null}""");
        AssertPayload(new TransferAttempted("c", At, TimeSpan.Zero, "sip:desk@example.com", true, null, "cold", "connected"), "transfer",
            """{"target":"sip:desk@example.com","accepted":true,"detail":null,"mode":"cold","outcome":"connected"}""");
        AssertPayload(new TransferStarting("c", At, TimeSpan.Zero, "+15550100", "warm"), "transfer_started",
            """{"target":"+15550100","mode":"warm"}""");
        AssertPayload(new TurnLatency("c", At, TimeSpan.Zero, 4, TimeSpan.FromMilliseconds(310), null, TimeSpan.FromMilliseconds(900), null),
            "turn_latency", """{"turn":4,"stt_final_ms":310,"first_text_ms":null,"first_audio_ms":900,"first_frame_sent_ms":null}""");
        AssertPayload(new CallStarted("c", At, TimeSpan.Zero, "org_1", "agent_1", 2, CallDirection.Outbound, "+1555", null),
            "call_started", """{"agent_id":"agent_1","agent_version":2,"direction":"outbound","from":"+1555","to":null}""");
        AssertPayload(new CallEnded("c", At, TimeSpan.Zero, "agent_hangup", "/rec/c.wav"), "call_ended",
            """{"reason":"agent_hangup","recording_path":"/rec/c.wav"}""");
    }

    [Fact]
    public void Tool_arguments_that_are_not_json_are_kept_as_a_string()
    {
        var (_, payload) = CallEventPayloads.From(new ToolCalled("c", At, TimeSpan.Zero, "k", "t", "{not json", "ok", false, TimeSpan.Zero));
        using var doc = JsonDocument.Parse(payload);
        Assert.Equal("{not json", doc.RootElement.GetProperty("arguments").GetString());
    }

    [Fact]
    public void Stored_events_read_back_as_the_transcript_and_the_waterfall()
    {
        CallEvent[] events =
        [
            new CallStarted("c", At, TimeSpan.Zero, "org_1", "agent_1", 1, CallDirection.Inbound, null, null),
            new Utterance("c", At, TimeSpan.FromSeconds(2), UtteranceRole.Agent, "Hello", TimeSpan.Zero, TimeSpan.FromSeconds(2), false),
            new DigitEvent("c", At, TimeSpan.FromSeconds(3), "5", true),
            new TurnLatency("c", At, TimeSpan.FromSeconds(4), 1, TimeSpan.FromMilliseconds(250), null, null, null),
            new ToolCalled("c", At, TimeSpan.FromSeconds(5), "k", "lookup", """{"a":1}""", "done", false, TimeSpan.FromMilliseconds(40)),
            new CallEnded("c", At, TimeSpan.FromSeconds(9), "user_hangup", null),
        ];
        var rows = events.Select((e, i) =>
        {
            var (type, payload) = CallEventPayloads.From(e);
            return new CallEventRecord { CallId = "c", Sequence = i + 1, Type = type, At = e.At, OffsetMs = (long)e.Offset.TotalMilliseconds, Payload = payload };
        }).ToList();

        var (transcript, turns) = CallTranscript.Build(rows);

        Assert.Equal(["utterance", "dtmf", "tool_call"], transcript.Select(t => t.Type).ToArray());
        Assert.Equal(new TranscriptEntry(2, "utterance", "agent", At, 2000, Text: "Hello", StartMs: 0, EndMs: 2000, Interrupted: false), transcript[0]);
        Assert.Equal(new TranscriptEntry(3, "dtmf", "user", At, 3000, Text: "5", Digits: "5"), transcript[1]);
        Assert.Equal("lookup", transcript[2].Name);
        Assert.Equal(1, transcript[2].Arguments!.Value.GetProperty("a").GetInt32());
        Assert.Equal("done", transcript[2].Result);
        Assert.Equal(40, transcript[2].ElapsedMs);
        Assert.Equal([new TurnLatencyEntry(1, At, 4000, 250, null, null, null)], turns);
    }

    private static void AssertPayload(CallEvent e, string expectedType, string expectedJson)
    {
        var (type, payload) = CallEventPayloads.From(e);
        Assert.Equal(expectedType, type);
        Assert.Equal(expectedJson, payload);
    }
}
