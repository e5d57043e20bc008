using Switchboard.ControlPlane.Calls;
using Switchboard.ControlPlane.Webhooks.Events;

namespace Switchboard.ControlPlane.Tests.Calls;

public sealed class CallWebhookStateTests
{
    [Fact]
    public void The_transcript_keeps_the_last_50_lines_and_counts_every_line()
    {
        var state = new CallWebhookState();
        TranscriptUpdatedData? last = null;
        for (var i = 1; i <= 51; i++)
        {
            last = state.AddLine("call_1", "agent_1", new TranscriptLine(i % 2 == 0 ? "user" : "agent", $"line {i}", i * 1000, i * 1000 + 500, false));
            Assert.Equal(i, last.LineCount);
            Assert.Equal(Math.Min(i, TranscriptUpdatedData.MaxLines), last.Transcript.Count);
            Assert.Equal(i > TranscriptUpdatedData.MaxLines, last.Truncated);
        }
        Assert.Equal("line 2", last!.Transcript[0].Text);
        Assert.Equal("line 51", last.Transcript[^1].Text);
        Assert.Equal("call_1", last.CallId);
        Assert.Equal("agent_1", last.AgentId);
    }

    [Fact]
    public void A_snapshot_does_not_change_when_more_lines_arrive()
    {
        var state = new CallWebhookState();
        var first = state.AddLine("call_1", "agent_1", new TranscriptLine("agent", "Hello", 0, 900, false));
        state.AddLine("call_1", "agent_1", new TranscriptLine("user", "Hi", 1000, 1400, false));
        Assert.Single(first.Transcript);
        Assert.Equal(1, first.LineCount);
    }

    [Fact]
    public void A_tool_call_failure_is_reported_once()
    {
        var state = new CallWebhookState();
        Assert.True(state.FirstFailureReport("call_1:t1"));
        Assert.False(state.FirstFailureReport("call_1:t1"));
        Assert.True(state.FirstFailureReport("call_1:t2"));
    }

    [Fact]
    public void A_null_line_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => new CallWebhookState().AddLine("call_1", "agent_1", null!));
    }
}
