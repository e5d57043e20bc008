using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.ResponseEngines.Flow;
using Switchboard.Realtime.Sessions;
using static Switchboard.Realtime.Tests.ResponseEngines.Flow.FlowHarness;

namespace Switchboard.Realtime.Tests.ResponseEngines.Flow;

public sealed class FlowResponseEngineTests
{
    private const string Survey = """
        {"start":"hello","global_variables":{"clinic":"Globex","caller":"friend"},"nodes":[
          {"id":"hello","type":"say","text":"Welcome to {{clinic}}, {{caller}}.","next":"colour"},
          {"id":"colour","type":"ask","prompt":"Red or blue?","variable":"colour","input":"speech","expected":["red","blue"],
           "retries":1,"no_input_prompt":"Still there? Red or blue?","no_match_prompt":"Please say red or blue.","next":"bye","on_failure":"sorry"},
          {"id":"bye","type":"end","text":"You chose {{colour}}. Bye."},
          {"id":"sorry","type":"end","text":"Let's stop here."}]}
        """;

    [Fact]
    public async Task Start_speaks_until_the_first_ask_with_variables_from_the_flow_and_the_call()
    {
        await using var engine = Engine(Survey, variables: new Dictionary<string, string> { ["caller"] = "Ana" });
        var events = await engine.Start();

        Assert.Equal(
            [new NodeEntered(null, "hello", "start"), new TextDelta("Welcome to Globex, Ana."), new NodeEntered("hello", "colour", "next"), new TextDelta(" Red or blue?")],
            events);
        Assert.Equal("colour", engine.CurrentNodeId);
        Assert.Equal(["red", "blue"], engine.ExpectedPhrases);
        Assert.Null(engine.ExpectedDigits); // speech only
    }

    [Fact]
    public async Task An_answer_is_collected_and_the_flow_moves_on_to_its_end()
    {
        await using var engine = Engine(Survey);
        await engine.Start();
        var events = await engine.Say("Blue, please");

        Assert.Equal("blue", Assert.IsType<VariablesChanged>(events[0]).Values["colour"]);
        Assert.Equal(["bye"], events.Nodes());
        Assert.Equal(new NodeEntered("colour", "bye", "collected"), events[1]);
        Assert.Equal("You chose blue. Bye.", events.Spoken());
        Assert.Equal(new CallAction(CallActionKind.EndCall, null, "flow_end"), events[^1]);
        Assert.True(engine.IsEnded);
        Assert.Null(engine.CurrentNodeId);
        Assert.Empty(engine.ExpectedPhrases);
        Assert.Empty(await engine.Say("hello?"));
        Assert.Empty(await engine.Silence());
    }

    [Fact]
    public async Task No_match_and_no_input_share_the_retry_budget_then_take_on_failure()
    {
        await using var engine = Engine(Survey);
        await engine.Start();

        var first = await engine.Say("green");
        Assert.Equal([new TextDelta("Please say red or blue.")], first);
        Assert.Equal("colour", engine.CurrentNodeId);

        var second = await engine.Silence();
        Assert.Equal(["sorry"], second.Nodes());
        Assert.Equal(new NodeEntered("colour", "sorry", "no_input"), second[0]);
        Assert.Equal("Let's stop here.", second.Spoken());
        Assert.Equal(CallActionKind.EndCall, second.Action()?.Kind);
    }

    [Fact]
    public async Task No_input_speaks_the_no_input_prompt_and_a_keypad_turn_at_a_speech_ask_counts_as_no_input()
    {
        await using var engine = Engine(Survey);
        await engine.Start();
        Assert.Equal("Still there? Red or blue?", (await engine.Press("5")).Spoken());
        Assert.Equal(["sorry"], (await engine.Silence(2)).Nodes());
    }

    [Fact]
    public async Task Without_on_failure_running_out_of_retries_ends_the_call_politely()
    {
        await using var engine = Engine("""
            {"start":"q","nodes":[{"id":"q","type":"ask","prompt":"Your number?","variable":"n","value_type":"number","retries":0,"next":"e"},
             {"id":"e","type":"end"}]}
            """);
        await engine.Start();
        var events = await engine.Say("no idea");
        Assert.Equal("Sorry, I wasn't able to understand. Goodbye.", events.Spoken());
        Assert.Equal(new CallAction(CallActionKind.EndCall, null, "no_valid_input"), events[^1]);
        Assert.True(engine.IsEnded);
    }

    [Fact]
    public async Task A_retry_is_counted_per_visit_of_an_ask()
    {
        await using var engine = Engine("""
            {"start":"q","nodes":[
              {"id":"q","type":"ask","prompt":"Yes or no?","variable":"ok","value_type":"yes_no","retries":1,"next":"b"},
              {"id":"b","type":"branch","conditions":[{"variable":"ok","equals":"yes","next":"e"}],"default":"q"},
              {"id":"e","type":"end"}]}
            """);
        await engine.Start();
        Assert.Equal("Yes or no?", (await engine.Say("hmm")).Spoken()); // one retry used
        Assert.Equal(["b", "q"], (await engine.Say("no")).Nodes()); // re-entered: budget reset
        Assert.Equal("Yes or no?", (await engine.Say("hmm")).Spoken());
        Assert.Equal(["b", "e"], (await engine.Press("1")).Nodes());
    }

    [Fact]
    public async Task Digits_are_cut_at_finish_on_key_and_max_digits()
    {
        const string Flow = """
            {"start":"q","nodes":[{"id":"q","type":"ask","prompt":"Account?","variable":"account","input":"digits","max_digits":4,"finish_on_key":"#","next":"e"},
             {"id":"e","type":"end"}]}
            """;
        await using var engine = Engine(Flow);
        await engine.Start();
        Assert.Equal(new FlowDigitCollection(4, '#'), engine.ExpectedDigits);
        Assert.Empty(engine.ExpectedPhrases);
        Assert.Equal("12", Assert.IsType<VariablesChanged>((await engine.Press("12#99"))[0]).Values["account"]);

        await using var second = Engine(Flow);
        await second.Start();
        Assert.Equal("1234", Assert.IsType<VariablesChanged>((await second.Press("123456"))[0]).Values["account"]);

        await using var third = Engine(Flow);
        await third.Start();
        Assert.Equal("Account?", (await third.Say("one two three")).Spoken()); // speech ignored: counts as no input
    }

    [Fact]
    public async Task Choices_accept_speech_or_digits_and_are_offered_as_hints()
    {
        await using var engine = Engine("""
            {"start":"q","nodes":[{"id":"q","type":"ask","prompt":"Sales or support?","variable":"dept",
              "choices":[{"value":"sales","synonyms":["buy"],"digit":"1"},{"value":"support","synonyms":["help","broken"],"digit":"2"}],"next":"e"},
             {"id":"e","type":"end","text":"{{dept}}"}]}
            """);
        await engine.Start();
        Assert.Equal(["sales", "buy", "support", "help", "broken"], engine.ExpectedPhrases);
        Assert.Equal(new FlowDigitCollection(null, null), engine.ExpectedDigits);
        Assert.Equal("support", (await engine.Say("my phone is broken")).Spoken());
    }

    [Fact]
    public async Task Say_nodes_can_set_variables_for_later_templates()
    {
        await using var engine = Engine("""
            {"start":"a","global_variables":{"who":"Bo"},"nodes":[{"id":"a","type":"say","text":"Hi.","set":{"greeting":"Hello {{who}}"},"next":"b"},
             {"id":"b","type":"end","text":"{{greeting}}! {{missing}}Bye."}]}
            """);
        var events = await engine.Start();
        Assert.Equal("Hello Bo", Assert.Single(events.OfType<VariablesChanged>()).Values["greeting"]);
        Assert.Equal("Hi. Hello Bo! Bye.", events.Spoken());
        Assert.Equal("Hello Bo", engine.Variables["greeting"]);
    }

    [Fact]
    public async Task Transfer_renders_its_target_after_its_text()
    {
        const string Flow = """
            {"start":"t","nodes":[{"id":"t","type":"transfer","text":"Connecting you.","target":"{{desk}}"}]}
            """;
        await using var engine = Engine(Flow, variables: new Dictionary<string, string> { ["desk"] = "sip:desk@example.com" });
        var events = await engine.Start();
        Assert.Equal("Connecting you.", events.Spoken());
        Assert.Equal(new CallAction(CallActionKind.Transfer, "sip:desk@example.com", "t"), events[^1]);
        Assert.True(engine.IsEnded);

        await using var empty = Engine(Flow);
        var failed = await empty.Start();
        Assert.Equal("transfer_target_empty", Assert.Single(failed.OfType<ResponseFailed>()).Code);
        Assert.Equal(CallActionKind.EndCall, failed.Action()?.Kind);
    }

    [Fact]
    public async Task A_turn_that_runs_too_many_nodes_is_stopped_with_a_spoken_failure()
    {
        await using var engine = Engine("""
            {"start":"a","max_steps_per_turn":3,"nodes":[
              {"id":"a","type":"say","text":"one","next":"b"},{"id":"b","type":"say","text":"two","next":"c"},
              {"id":"c","type":"say","text":"three","next":"d"},{"id":"d","type":"say","text":"four","next":"e"},{"id":"e","type":"end"}]}
            """);
        var events = await engine.Start();
        Assert.Equal(["a", "b", "c"], events.Nodes());
        Assert.Equal("one two three Sorry, something went wrong on our side. Goodbye.", events.Spoken());
        Assert.Equal("flow_step_limit", Assert.Single(events.OfType<ResponseFailed>()).Code);
        Assert.Equal(new CallAction(CallActionKind.EndCall, null, "flow_step_limit"), events[^1]);
        Assert.True(engine.IsEnded);
    }

    [Fact]
    public async Task A_cancelled_response_resumes_where_it_stopped_without_repeating_itself()
    {
        await using var engine = Engine(Survey);
        using var barge = new CancellationTokenSource();
        var heard = new List<ResponseEvent>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var e in engine.StartAsync(barge.Token))
            {
                heard.Add(e);
                if (e is TextDelta) await barge.CancelAsync(); // the caller talks over the greeting
            }
        });
        Assert.Equal("Welcome to Globex, friend.", heard.Spoken());
        engine.Heard("Welcome to", interrupted: true);

        var next = await engine.Say("sorry, what?");
        Assert.Equal(["colour"], next.Nodes());
        Assert.Equal("Red or blue?", next.Spoken());
        Assert.Equal([("Welcome to", true)], engine.HeardHistory);
    }

    [Fact]
    public async Task Entry_points_validate_their_input()
    {
        var noFlow = new CallContext { CallId = "c", OrganizationId = "o", Agent = new AgentDefinition { Id = "a", Engine = ResponseEngineKind.Flow } };
        Assert.Throws<ArgumentException>(() => new FlowResponseEngine(noFlow));
        Assert.Throws<ArgumentNullException>(() => new FlowResponseEngine(null!));

        var invalid = Assert.Throws<FlowValidationException>(() => Engine("""{"start":"x","nodes":[{"id":"a","type":"end"}]}"""));
        Assert.Contains(invalid.Errors, e => e.Path == "start");
        Assert.Contains("start", invalid.Message, StringComparison.Ordinal);

        var withTool = """{"start":"f","nodes":[{"id":"f","type":"function","tool":"t","next":"e"},{"id":"e","type":"end"}]}""";
        Assert.Throws<ArgumentException>(() => Engine(withTool));

        await using var engine = Engine(Survey);
        Assert.Throws<InvalidOperationException>(() => engine.RespondAsync(UserTurn.Speech("hi"), CancellationToken.None));
        Assert.Throws<InvalidOperationException>(() => engine.NoInputAsync(1, CancellationToken.None));
        await engine.Start();
        Assert.Throws<InvalidOperationException>(() => engine.StartAsync(CancellationToken.None));
        Assert.Throws<ArgumentNullException>(() => engine.RespondAsync(null!, CancellationToken.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.NoInputAsync(0, CancellationToken.None));
        Assert.Throws<ArgumentNullException>(() => engine.Heard(null!, false));
    }
}
