using Microsoft.Extensions.AI;
using Switchboard.Realtime.ResponseEngines.Llm;

namespace Switchboard.Realtime.Tests.ResponseEngines.Llm;

public sealed class ConversationHistoryTests
{
    private static readonly string Long = new('x', 400); // 100 estimated tokens

    private static ConversationHistory NewHistory() => new(new ChatMessage(ChatRole.System, "system prompt"));

    [Fact]
    public void Trim_drops_the_oldest_turns_first_and_never_the_system_prompt_or_the_latest_turn()
    {
        var history = NewHistory();
        for (var i = 1; i <= 5; i++)
        {
            history.Add(new ChatMessage(ChatRole.User, $"q{i} {Long}"));
            history.Add(new ChatMessage(ChatRole.Assistant, $"a{i} {Long}"));
        }
        history.Add(new ChatMessage(ChatRole.User, "q6 " + Long));

        var dropped = history.TrimToBudget(450);

        Assert.Equal(8, dropped);
        Assert.Equal("system", history.Messages[0].Role.Value);
        Assert.Equal(["q5", "a5", "q6"], history.Messages.Skip(1).Select(m => m.Text[..2]));
        Assert.True(history.Messages.Sum(TokenEstimator.Estimate) <= 450);
    }

    [Fact]
    public void Trim_with_a_tiny_budget_keeps_the_system_prompt_and_the_latest_turn()
    {
        var history = NewHistory();
        history.Add(new ChatMessage(ChatRole.User, "old " + Long));
        history.Add(new ChatMessage(ChatRole.Assistant, "old answer " + Long));
        history.Add(new ChatMessage(ChatRole.User, "new " + Long));

        history.TrimToBudget(10);

        Assert.Equal(["system", "user"], history.Messages.Select(m => m.Role.Value));
        Assert.StartsWith("new", history.Messages[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Trim_removes_a_tool_call_together_with_its_result()
    {
        var history = NewHistory();
        history.Add(new ChatMessage(ChatRole.User, "q1 " + Long));
        history.Add(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "lookup_order", new Dictionary<string, object?> { ["order_id"] = "A" })]));
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent("c1", "shipped " + Long)]));
        history.Add(new ChatMessage(ChatRole.Assistant, "a1 " + Long));
        history.Add(new ChatMessage(ChatRole.User, "q2"));

        history.TrimToBudget(100);

        Assert.DoesNotContain(history.Messages, m => m.Contents.Any(c => c is FunctionCallContent or FunctionResultContent));
        Assert.Equal(["system", "user"], history.Messages.Select(m => m.Role.Value));
    }

    [Fact]
    public void Trim_never_drops_a_turn_whose_tool_call_has_no_result_yet()
    {
        var history = NewHistory();
        history.Add(new ChatMessage(ChatRole.User, "q1 " + Long));
        history.Add(new ChatMessage(ChatRole.Assistant, [new TextContent("checking " + Long), new FunctionCallContent("c1", "lookup_order")]));
        history.Add(new ChatMessage(ChatRole.User, "q2 " + Long));

        var dropped = history.TrimToBudget(50);

        Assert.Equal(0, dropped);
        Assert.Contains(history.Messages, m => m.Contents.OfType<FunctionCallContent>().Any(c => c.CallId == "c1"));
    }

    [Fact]
    public void Heard_cuts_the_last_text_and_keeps_tool_calls_of_the_response()
    {
        var history = NewHistory();
        history.Add(new ChatMessage(ChatRole.User, "where is my order"));
        history.BeginResponse();
        history.Add(new ChatMessage(ChatRole.Assistant, [new TextContent("Let me check."), new FunctionCallContent("c1", "lookup_order")]));
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent("c1", "shipped")]));
        history.Add(new ChatMessage(ChatRole.Assistant, "It shipped on Monday and arrives Friday."));

        history.ApplyHeard("Let me check. It shipped on Monday");

        Assert.Equal("Let me check.", history.Messages[2].Text);
        Assert.Single(history.Messages[2].Contents.OfType<FunctionCallContent>());
        Assert.Equal("It shipped on Monday", history.Messages[4].Text);
    }

    [Fact]
    public void Heard_nothing_removes_the_text_but_not_the_tool_call()
    {
        var history = NewHistory();
        history.Add(new ChatMessage(ChatRole.User, "hi"));
        history.BeginResponse();
        history.Add(new ChatMessage(ChatRole.Assistant, [new TextContent("Let me check."), new FunctionCallContent("c1", "lookup_order")]));
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent("c1", "shipped")]));
        history.Add(new ChatMessage(ChatRole.Assistant, "It shipped."));

        history.ApplyHeard("");

        Assert.Equal(["system", "user", "assistant", "tool"], history.Messages.Select(m => m.Role.Value));
        Assert.Equal("", history.Messages[2].Text);
        Assert.Single(history.Messages[2].Contents.OfType<FunctionCallContent>());
    }
}
