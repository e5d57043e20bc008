using Switchboard.Realtime.Demo;
using Switchboard.Realtime.ResponseEngines.Flow;
using static Switchboard.Realtime.Tests.ResponseEngines.Flow.FlowHarness;

namespace Switchboard.Realtime.Tests.ResponseEngines.Flow;

public sealed class FlowValidatorTests
{
    private static IReadOnlyList<FlowValidationError> Check(string json, bool llm = false) => FlowValidator.Validate(Json(json), llm);

    /// <summary>The flow must yield an error at exactly <paramref name="path"/> whose message contains <paramref name="words"/>.</summary>
    private static void AssertError(string json, string path, string words, bool llm = false)
    {
        var errors = Check(json, llm);
        Assert.True(errors.Any(e => e.Path == path && e.Message.Contains(words, StringComparison.OrdinalIgnoreCase)),
            $"Expected an error at '{path}' mentioning '{words}'; got: {string.Join(" | ", errors.Select(e => $"{e.Path}: {e.Message}"))}");
    }

    private const string Valid = """
        {"start":"hi","nodes":[
          {"id":"hi","type":"say","text":"Hello {{name}}","next":"q"},
          {"id":"q","type":"ask","prompt":"Yes or no?","variable":"answer","value_type":"yes_no","next":"b","on_failure":"bye"},
          {"id":"b","type":"branch","conditions":[{"variable":"answer","equals":"yes","next":"f"}],"default":"bye"},
          {"id":"f","type":"function","tool":"book","arguments":{"who":"{{name}}"},"result":{"booking":"$.id"},"next":"t","on_error":"bye"},
          {"id":"t","type":"transfer","target":"+15550100"},
          {"id":"bye","type":"end","text":"Bye"}]}
        """;

    [Fact]
    public void A_complete_flow_and_the_demo_flow_are_valid()
    {
        Assert.Empty(Check(Valid));
        Assert.Empty(FlowValidator.Validate(DemoAgents.AcmeDentalFlowJson()));
    }

    [Theory]
    [InlineData("[]", "", "JSON object")]
    [InlineData("""{"nodes":[{"id":"a","type":"end"}]}""", "start", "required")]
    [InlineData("""{"start":"zz","nodes":[{"id":"a","type":"end"}]}""", "start", "'zz' is not the id of any node")]
    [InlineData("""{"start":"a"}""", "nodes", "required")]
    [InlineData("""{"start":"a","nodes":[]}""", "nodes", "at least one")]
    [InlineData("""{"start":"a","nodes":{}}""", "nodes", "array")]
    [InlineData("""{"start":"a","nodes":[{"id":"a","type":"end"}],"extra":1}""", "extra", "Unknown field")]
    [InlineData("""{"start":"a","nodes":[{"id":"a","type":"end"}],"global_variables":{"x":1}}""", "global_variables.x", "string")]
    [InlineData("""{"start":"a","nodes":[{"id":"a","type":"end"}],"max_steps_per_turn":0}""", "max_steps_per_turn", "1 to 1000")]
    public void Reports_document_level_problems(string json, string path, string words) => AssertError(json, path, words);

    [Fact]
    public void Reports_duplicate_ids_at_the_second_node()
    {
        AssertError("""{"start":"a","nodes":[{"id":"a","type":"end"},{"id":"a","type":"end"}]}""", "nodes[1].id", "Duplicate node id 'a'");
    }

    [Theory]
    [InlineData("""{"id":"a","type":"dance"}""", "nodes[0].type", "Unknown node type 'dance'")]
    [InlineData("""{"type":"end"}""", "nodes[0].id", "required")]
    [InlineData("""{"id":"a b","type":"end"}""", "nodes[0].id", "letters")]
    [InlineData("""{"id":"a","type":"end","nxet":"b"}""", "nodes[0].nxet", "Unknown field 'nxet'")]
    [InlineData("""{"id":"a","type":"say","next":"a2"}""", "nodes[0].text", "required")]
    [InlineData("""{"id":"a","type":"say","text":"hi"}""", "nodes[0].next", "required")]
    [InlineData("""{"id":"a","type":"ask","prompt":"?","next":"a2"}""", "nodes[0].variable", "required")]
    [InlineData("""{"id":"a","type":"ask","variable":"1x","prompt":"?","next":"a2"}""", "nodes[0].variable", "letters")]
    [InlineData("""{"id":"a","type":"ask","variable":"x","next":"a2"}""", "nodes[0].prompt", "required")]
    [InlineData("""{"id":"a","type":"ask","variable":"x","prompt":"?","next":"a2","input":"telepathy"}""", "nodes[0].input", "speech")]
    [InlineData("""{"id":"a","type":"ask","variable":"x","prompt":"?","next":"a2","value_type":"colour"}""", "nodes[0].value_type", "day_of_week")]
    [InlineData("""{"id":"a","type":"ask","variable":"x","prompt":"?","next":"a2","expected":["a"],"value_type":"number"}""", "nodes[0]", "only one of")]
    [InlineData("""{"id":"a","type":"ask","variable":"x","prompt":"?","next":"a2","input":"speech","max_digits":2}""", "nodes[0].input", "max_digits")]
    [InlineData("""{"id":"a","type":"ask","variable":"x","prompt":"?","next":"a2","max_digits":99}""", "nodes[0].max_digits", "1 to 32")]
    [InlineData("""{"id":"a","type":"ask","variable":"x","prompt":"?","next":"a2","finish_on_key":"x"}""", "nodes[0].finish_on_key", "keypad")]
    [InlineData("""{"id":"a","type":"ask","variable":"x","prompt":"?","next":"a2","retries":-1}""", "nodes[0].retries", "0 to 10")]
    [InlineData("""{"id":"a","type":"ask","variable":"x","prompt":"?","next":"a2","input":"digits","value_type":"name"}""", "nodes[0].value_type", "keypad")]
    [InlineData("""{"id":"a","type":"ask","variable":"x","prompt":"?","next":"a2","input":"digits","choices":[{"value":"v"}]}""", "nodes[0].choices[0].digit", "needs a digit")]
    [InlineData("""{"id":"a","type":"ask","variable":"x","prompt":"?","next":"a2","choices":[{"value":"v","digit":"1"},{"value":"w","digit":"1"}]}""", "nodes[0].choices[1].digit", "already used")]
    [InlineData("""{"id":"a","type":"ask","variable":"x","prompt":"?","next":"a2","choices":[{"synonyms":["s"]}]}""", "nodes[0].choices[0].value", "needs a value")]
    [InlineData("""{"id":"a","type":"ask","variable":"x","prompt":"?","next":"a2","choices":[]}""", "nodes[0].choices", "non-empty")]
    [InlineData("""{"id":"a","type":"branch","default":"a2"}""", "nodes[0].conditions", "required")]
    [InlineData("""{"id":"a","type":"branch","conditions":[]}""", "nodes[0].default", "required")]
    [InlineData("""{"id":"a","type":"branch","conditions":[{"variable":"x","next":"a2"}],"default":"a2"}""", "nodes[0].conditions[0]", "needs one operator")]
    [InlineData("""{"id":"a","type":"branch","conditions":[{"variable":"x","equals":"1","in":["1"],"next":"a2"}],"default":"a2"}""", "nodes[0].conditions[0]", "exactly one operator")]
    [InlineData("""{"id":"a","type":"branch","conditions":[{"equals":"1","next":"a2"}],"default":"a2"}""", "nodes[0].conditions[0].variable", "compares a variable")]
    [InlineData("""{"id":"a","type":"branch","conditions":[{"variable":"x","equals":"1"}],"default":"a2"}""", "nodes[0].conditions[0].next", "required")]
    [InlineData("""{"id":"a","type":"branch","conditions":[{"variable":"x","regex":"(unclosed","next":"a2"}],"default":"a2"}""", "nodes[0].conditions[0].regex", "Invalid regular expression")]
    [InlineData("""{"id":"a","type":"branch","conditions":[{"variable":"x","exists":"yes","next":"a2"}],"default":"a2"}""", "nodes[0].conditions[0].exists", "true or false")]
    [InlineData("""{"id":"a","type":"branch","conditions":[{"digits":"1a","next":"a2"}],"default":"a2"}""", "nodes[0].conditions[0].digits", "keypad")]
    [InlineData("""{"id":"a","type":"branch","conditions":[{"keywords":[],"next":"a2"}],"default":"a2"}""", "nodes[0].conditions[0].keywords", "non-empty")]
    [InlineData("""{"id":"a","type":"branch","conditions":[{"variable":"x","keywords":["k"],"next":"a2"}],"default":"a2"}""", "nodes[0].conditions[0].variable", "remove variable")]
    [InlineData("""{"id":"a","type":"branch","conditions":[{"llm_condition":"Is the caller angry?","next":"a2"}],"default":"a2"}""", "nodes[0].conditions[0].llm_condition", "needs the agent to have an LLM")]
    [InlineData("""{"id":"a","type":"function","next":"a2"}""", "nodes[0].tool", "required")]
    [InlineData("""{"id":"a","type":"function","tool":"t","next":"a2","arguments":[1]}""", "nodes[0].arguments", "JSON object")]
    [InlineData("""{"id":"a","type":"function","tool":"t","next":"a2","result":{"v":"id"}}""", "nodes[0].result.v", "starts with '$'")]
    [InlineData("""{"id":"a","type":"function","tool":"t","next":"a2","result":{"v":"$.a[x]"}}""", "nodes[0].result.v", "array index")]
    [InlineData("""{"id":"a","type":"transfer"}""", "nodes[0].target", "required")]
    [InlineData("""{"id":"a","type":"transfer","target":"+15550100","mode":"blind"}""", "nodes[0].mode", "'cold'")]
    [InlineData("""{"id":"a","type":"transfer","target":"+15550100","summary":"A caller."}""", "nodes[0].summary", "set mode to 'warm'")]
    [InlineData("""{"id":"a","type":"transfer","target":"+15550100","on_failure":"nowhere"}""", "nodes[0].on_failure", "nowhere")]
    [InlineData("""{"id":"a","type":"say","text":"hi","next":"a2","set":{"v":3}}""", "nodes[0].set.v", "string")]
    public void Reports_node_problems_at_the_field(string node, string path, string words) =>
        AssertError($$"""{"start":"a","nodes":[{{node}},{"id":"a2","type":"end"}]}""", path, words);

    [Fact]
    public void An_llm_condition_is_valid_when_the_agent_has_an_llm()
    {
        var flow = """
            {"start":"a","nodes":[{"id":"a","type":"branch","conditions":[{"llm_condition":"Is the caller angry?","next":"b"}],"default":"b"},
             {"id":"b","type":"end"}]}
            """;
        Assert.Empty(Check(flow, llm: true));
        Assert.NotEmpty(Check(flow, llm: false));
    }

    [Fact]
    public void Reports_dangling_edges_of_every_kind()
    {
        var flow = """
            {"start":"q","nodes":[
              {"id":"q","type":"ask","prompt":"?","variable":"x","next":"nowhere1","on_failure":"nowhere2"},
              {"id":"b","type":"branch","conditions":[{"variable":"x","equals":"1","next":"nowhere3"}],"default":"nowhere4"},
              {"id":"f","type":"function","tool":"t","next":"q","on_error":"nowhere5"}]}
            """;
        var errors = Check(flow);
        Assert.Contains(errors, e => e.Path == "nodes[0].next" && e.Message.Contains("'nowhere1' is not the id of any node", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "nodes[0].on_failure");
        Assert.Contains(errors, e => e.Path == "nodes[1].conditions[0].next");
        Assert.Contains(errors, e => e.Path == "nodes[1].default");
        Assert.Contains(errors, e => e.Path == "nodes[2].on_error");
    }

    [Fact]
    public void Reports_unreachable_nodes()
    {
        var errors = Check("""{"start":"a","nodes":[{"id":"a","type":"end"},{"id":"lost","type":"say","text":"x","next":"a"}]}""");
        var error = Assert.Single(errors);
        Assert.Equal("nodes[1]", error.Path);
        Assert.Contains("'lost' is unreachable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_a_loop_without_an_ask_and_accepts_one_through_an_ask()
    {
        var spinning = """
            {"start":"a","nodes":[
              {"id":"a","type":"say","text":"x","next":"b"},
              {"id":"b","type":"branch","conditions":[{"variable":"v","equals":"1","next":"end"}],"default":"a"},
              {"id":"end","type":"end"}]}
            """;
        var error = Assert.Single(Check(spinning));
        Assert.Equal("nodes[0]", error.Path);
        Assert.Contains("a → b → a", error.Message, StringComparison.Ordinal);
        Assert.Contains("no ask node", error.Message, StringComparison.Ordinal);

        var waiting = """
            {"start":"a","nodes":[
              {"id":"a","type":"ask","prompt":"?","variable":"v","next":"b"},
              {"id":"b","type":"branch","conditions":[{"variable":"v","equals":"1","next":"end"}],"default":"a"},
              {"id":"end","type":"end"}]}
            """;
        Assert.Empty(Check(waiting));
    }

    [Fact]
    public void Reports_every_problem_not_just_the_first()
    {
        var errors = Check("""{"start":"x","nodes":[{"id":"a","type":"say"},{"id":"a","type":"nope"}]}""");
        Assert.Contains(errors, e => e.Path == "start");
        Assert.Contains(errors, e => e.Path == "nodes[0].text");
        Assert.Contains(errors, e => e.Path == "nodes[0].next");
        Assert.Contains(errors, e => e.Path == "nodes[1].type");
    }
}
