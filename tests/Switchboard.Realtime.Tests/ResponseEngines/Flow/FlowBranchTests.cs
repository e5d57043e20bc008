using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.ResponseEngines.Flow;
using static Switchboard.Realtime.Tests.ResponseEngines.Flow.FlowHarness;

namespace Switchboard.Realtime.Tests.ResponseEngines.Flow;

public sealed class FlowBranchTests
{
    /// <summary>Asks for free text into <c>v</c>, then branches on <paramref name="condition"/> to "yes", else "no".</summary>
    private static string Flow(string condition) => $$"""
        {"start":"q","nodes":[
          {"id":"q","type":"ask","prompt":"?","variable":"v","next":"b"},
          {"id":"b","type":"branch","conditions":[{{condition}}],"default":"no"},
          {"id":"yes","type":"end","text":"matched"},
          {"id":"no","type":"end","text":"default"}]}
        """;

    [Theory]
    [InlineData("""{"variable":"v","equals":"Gold","next":"yes"}""", " gold ", "", "matched")]
    [InlineData("""{"variable":"v","equals":"Gold","next":"yes"}""", "golden", "", "default")]
    [InlineData("""{"variable":"v","contains":"late","next":"yes"}""", "I'm running LATE", "", "matched")]
    [InlineData("""{"variable":"v","contains":"late","next":"yes"}""", "on time", "", "default")]
    [InlineData("""{"variable":"v","regex":"^\\d{5}$","next":"yes"}""", "", "90210", "matched")]
    [InlineData("""{"variable":"v","regex":"^\\d{5}$","next":"yes"}""", "", "9021", "default")]
    [InlineData("""{"variable":"v","in":["a","b"],"next":"yes"}""", "B", "", "matched")]
    [InlineData("""{"variable":"v","in":["a","b"],"next":"yes"}""", "c", "", "default")]
    [InlineData("""{"variable":"v","exists":true,"next":"yes"}""", "anything", "", "matched")]
    [InlineData("""{"variable":"other","exists":true,"next":"yes"}""", "anything", "", "default")]
    [InlineData("""{"variable":"other","exists":false,"next":"yes"}""", "anything", "", "matched")]
    [InlineData("""{"digits":"0","next":"yes"}""", "", "0", "matched")]
    [InlineData("""{"digits":"0","next":"yes"}""", "", "1", "default")]
    [InlineData("""{"keywords":["operator","real person"],"next":"yes"}""", "Can I talk to a real person?", "", "matched")]
    [InlineData("""{"keywords":["operator","real person"],"next":"yes"}""", "a person who is real", "", "default")]
    public async Task Each_operator_decides_the_edge(string condition, string text, string digits, string expected)
    {
        await using var engine = Engine(Flow(condition));
        await engine.Start();
        var events = await engine.Collect(engine.RespondAsync(new UserTurn(text, digits), CancellationToken.None));
        Assert.Equal(expected, events.Spoken());
        var branch = events.OfType<NodeEntered>().Last();
        Assert.Equal(expected == "matched" ? "condition 0" : "default", branch.Reason);
    }

    [Fact]
    public async Task The_first_condition_that_holds_wins()
    {
        await using var engine = Engine("""
            {"start":"q","nodes":[
              {"id":"q","type":"ask","prompt":"?","variable":"v","next":"b"},
              {"id":"b","type":"branch","conditions":[{"variable":"v","contains":"x","next":"first"},{"variable":"v","contains":"x","next":"second"}],"default":"second"},
              {"id":"first","type":"end","text":"first"},{"id":"second","type":"end","text":"second"}]}
            """);
        await engine.Start();
        Assert.Equal("first", (await engine.Say("x")).Spoken());
    }

    private const string LlmFlow = """
        {"start":"q","nodes":[
          {"id":"q","type":"ask","prompt":"How are you?","variable":"mood","next":"b"},
          {"id":"b","type":"branch","conditions":[{"llm_condition":"Is the caller upset?","next":"calm"}],"default":"bye"},
          {"id":"calm","type":"end","text":"I'm sorry to hear that."},
          {"id":"bye","type":"end","text":"Great."}]}
        """;

    [Fact]
    public async Task An_llm_condition_asks_the_chat_client_and_records_its_usage()
    {
        var chat = new ScriptedChatClient("Yes.");
        await using var engine = Engine(LlmFlow, chat: chat);
        await engine.Start();
        var events = await engine.Say("this is ridiculous");

        Assert.Equal("I'm sorry to hear that.", events.Spoken());
        var usage = Assert.Single(events.OfType<LlmUsage>());
        Assert.Equal(("fake-model", 40L, 1L), (usage.Model, usage.InputTokens, usage.OutputTokens));
        var prompt = Assert.Single(chat.Prompts);
        Assert.Contains("Is the caller upset?", prompt, StringComparison.Ordinal);
        Assert.Contains("this is ridiculous", prompt, StringComparison.Ordinal);
        Assert.Contains("mood = this is ridiculous", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_llm_answering_no_or_failing_falls_through_to_the_default()
    {
        await using var no = Engine(LlmFlow, chat: new ScriptedChatClient("no"));
        await no.Start();
        Assert.Equal("Great.", (await no.Say("fine")).Spoken());

        await using var broken = Engine(LlmFlow, chat: new ScriptedChatClient(new HttpRequestException("503")));
        await broken.Start();
        Assert.Equal("Great.", (await broken.Say("fine")).Spoken());
    }

    [Fact]
    public void A_flow_with_an_llm_condition_needs_a_chat_client() =>
        Assert.Contains(Assert.Throws<FlowValidationException>(() => Engine(LlmFlow)).Errors, e => e.Path == "nodes[1].conditions[0].llm_condition");
}
