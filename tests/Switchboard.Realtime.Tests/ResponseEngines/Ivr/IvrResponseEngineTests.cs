using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.ResponseEngines.Ivr;
using Switchboard.Realtime.Sessions;

namespace Switchboard.Realtime.Tests.ResponseEngines.Ivr;

public sealed class IvrResponseEngineTests
{
    private const string RootPrompt = "Welcome to Acme, Ada. For sales press 1, for support press 2, for our opening hours press 3, to speak with our assistant press 0.";
    private const string SupportPrompt = "Support. For billing press 1, for a technician press 2, to go back press star.";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    private IvrResponseEngine Engine(string json = IvrMenus.Example)
    {
        using var doc = JsonDocument.Parse(json);
        var agent = new AgentDefinition { Id = "agent_1", Engine = ResponseEngineKind.Ivr, IvrMenu = doc.RootElement.Clone() };
        return new IvrResponseEngine(new CallContext
        {
            CallId = "call_1",
            OrganizationId = "org_1",
            Agent = agent,
            Time = _time,
            Variables = new Dictionary<string, string> { ["caller_name"] = "Ada" },
        });
    }

    private static async Task<List<ResponseEvent>> Run(IAsyncEnumerable<ResponseEvent> stream)
    {
        var events = new List<ResponseEvent>();
        await foreach (var e in stream) events.Add(e);
        return events;
    }

    private static string Spoken(List<ResponseEvent> events) => string.Join(" | ", events.OfType<TextDelta>().Select(t => t.Text.TrimStart()));

    private async Task<IvrResponseEngine> Started(string json = IvrMenus.Example)
    {
        var engine = Engine(json);
        await Run(engine.StartAsync(CancellationToken.None));
        return engine;
    }

    [Fact]
    public async Task Start_enters_the_root_and_speaks_its_prompt_with_variables()
    {
        var engine = Engine();
        var events = await Run(engine.StartAsync(CancellationToken.None));

        Assert.Equal(new NodeEntered(null, "root", "start"), events[0]);
        Assert.Equal(RootPrompt, Spoken(events));
        Assert.Equal("root", engine.CurrentNodeId);
        Assert.Equal(TimeSpan.FromMilliseconds(6000), engine.NoInputTimeout);
        Assert.Equal(["sales", "buy something", "support", "help", "hours", "opening hours", "assistant"], engine.ExpectedPhrases);
        var step = Assert.Single(engine.Path);
        Assert.Equal(new IvrPathStep(_time.GetUtcNow(), "root", IvrStepKind.Entered, null, null, null), step);
    }

    [Fact]
    public async Task A_digit_enters_a_submenu_and_back_returns()
    {
        var engine = await Started();
        var events = await Run(engine.RespondAsync(UserTurn.Keypad("2"), CancellationToken.None));
        Assert.Equal(new NodeEntered("root", "root/2", "digit 2"), events[0]);
        Assert.Equal(SupportPrompt, Spoken(events));
        Assert.Equal(["billing", "technician", "back"], engine.ExpectedPhrases);

        events = await Run(engine.RespondAsync(UserTurn.Keypad("*"), CancellationToken.None));
        Assert.Equal(new NodeEntered("root/2", "root", "digit *"), events[0]);
        Assert.Equal(RootPrompt, Spoken(events));
        Assert.Equal("root", engine.CurrentNodeId);
    }

    [Fact]
    public async Task Extra_digits_are_type_ahead_for_the_submenu()
    {
        var engine = await Started();
        var events = await Run(engine.RespondAsync(UserTurn.Keypad("22"), CancellationToken.None));

        Assert.Equal([new NodeEntered("root", "root/2", "digit 2"), new TextDelta("One moment."),
            new CallAction(CallActionKind.HandOver, "tech_support", "ivr: digit 2")], events);
        Assert.Equal(IvrOutcome.HandedOver, engine.Outcome);
        Assert.Equal("tech_support", engine.OutcomeTarget);
        Assert.Empty(engine.ExpectedPhrases);
    }

    [Fact]
    public async Task Type_ahead_stops_at_a_key_the_submenu_lacks_and_after_leaving_the_menus()
    {
        var engine = await Started();
        var events = await Run(engine.RespondAsync(UserTurn.Keypad("278"), CancellationToken.None));
        Assert.Equal([new NodeEntered("root", "root/2", "digit 2"), new TextDelta(SupportPrompt)], events);
        Assert.DoesNotContain(engine.Path, s => s.Kind == IvrStepKind.Invalid);

        var hangup = await Started();
        events = await Run(hangup.RespondAsync(UserTurn.Keypad("#2"), CancellationToken.None));
        Assert.Equal([new TextDelta("Goodbye."), new CallAction(CallActionKind.EndCall, null, "ivr: digit #")], events);
    }

    [Theory]
    [InlineData("I'd like to talk to SALES please", "sales")]
    [InlineData("I want to buy something", "buy something")]
    [InlineData("Sales.", "sales")]
    public async Task Speech_matches_keywords_case_insensitively(string said, string keyword)
    {
        var engine = await Started();
        var events = await Run(engine.RespondAsync(UserTurn.Speech(said), CancellationToken.None));

        Assert.Equal([new TextDelta("Connecting you to sales."),
            new CallAction(CallActionKind.Transfer, "sip:sales@acme.example", $"ivr: keyword '{keyword}'")], events);
        Assert.Equal(IvrOutcome.Transferred, engine.Outcome);
        var selected = engine.Path[^1];
        Assert.Equal((IvrStepKind.Selected, "1", keyword, "transfer"), (selected.Kind, selected.Digit, selected.Keyword, selected.Detail));
    }

    [Theory]
    [InlineData("wholesale prices")]  // "sales" inside another word is not the keyword
    [InlineData("helpful")]
    [InlineData("")]
    public async Task Speech_matches_whole_words_only(string said)
    {
        var engine = await Started();
        var events = await Run(engine.RespondAsync(UserTurn.Speech(said), CancellationToken.None));
        Assert.Equal("Sorry, that is not an option. | " + RootPrompt, Spoken(events));
        Assert.Equal(IvrStepKind.Invalid, engine.Path[^1].Kind);
        Assert.Equal(said, engine.Path[^1].Detail);
    }

    [Fact]
    public async Task The_keyword_said_first_wins_and_a_spoken_key_counts_as_a_press()
    {
        var engine = await Started();
        var events = await Run(engine.RespondAsync(UserTurn.Speech("support, not sales"), CancellationToken.None));
        Assert.Equal("root/2", engine.CurrentNodeId);

        events = await Run(engine.RespondAsync(UserTurn.Speech("press one"), CancellationToken.None));
        Assert.Equal("Billing is open weekdays. | " + RootPrompt, Spoken(events));
        Assert.Equal(new NodeEntered("root/2", "root", "digit 1"), events.OfType<NodeEntered>().Single());
    }

    [Fact]
    public async Task Digits_win_over_words_in_the_same_turn()
    {
        var engine = await Started();
        await Run(engine.RespondAsync(new UserTurn("sales", "2"), CancellationToken.None));
        Assert.Equal("root/2", engine.CurrentNodeId);
        Assert.Equal(IvrOutcome.InProgress, engine.Outcome);
    }

    [Fact]
    public async Task Invalid_input_re_prompts_until_max_retries_then_runs_on_max_retries()
    {
        var engine = await Started();
        for (var i = 0; i < 2; i++)
        {
            var retry = await Run(engine.RespondAsync(UserTurn.Keypad("7"), CancellationToken.None));
            Assert.Equal("Sorry, that is not an option. | " + RootPrompt, Spoken(retry));
        }
        var events = await Run(engine.RespondAsync(UserTurn.Keypad("7"), CancellationToken.None));

        Assert.Equal([new TextDelta("Let me get someone to help you."),
            new CallAction(CallActionKind.Transfer, "+15550100", "ivr: max retries")], events);
        Assert.Equal(IvrOutcome.Transferred, engine.Outcome);
        Assert.Equal([IvrStepKind.Entered, IvrStepKind.Invalid, IvrStepKind.Invalid, IvrStepKind.Invalid, IvrStepKind.MaxRetries],
            engine.Path.Select(s => s.Kind));
        Assert.Equal("7", engine.Path[1].Digit);
        Assert.Equal("transfer", engine.Path[^1].Detail);

        Assert.Empty(await Run(engine.RespondAsync(UserTurn.Keypad("1"), CancellationToken.None)));
        Assert.Empty(await Run(engine.NoInputAsync(1, CancellationToken.None)));
    }

    [Fact]
    public async Task No_input_speaks_the_timeout_prompt_and_counts_as_a_retry()
    {
        var engine = await Started();
        var first = await Run(engine.NoInputAsync(1, CancellationToken.None));
        Assert.Equal("Sorry, I did not hear a choice. | " + RootPrompt, Spoken(first));

        await Run(engine.RespondAsync(UserTurn.Keypad("5"), CancellationToken.None)); // invalid: second failure
        var last = await Run(engine.NoInputAsync(2, CancellationToken.None));        // third failure: retries used up
        Assert.Equal(CallActionKind.Transfer, Assert.IsType<CallAction>(last[^1]).Kind);
        Assert.Equal(IvrStepKind.NoInput, engine.Path[^2].Kind);
    }

    [Fact]
    public async Task A_valid_choice_resets_the_retry_count()
    {
        var engine = await Started();
        await Run(engine.RespondAsync(UserTurn.Keypad("7"), CancellationToken.None));
        await Run(engine.RespondAsync(UserTurn.Keypad("7"), CancellationToken.None));
        await Run(engine.RespondAsync(UserTurn.Keypad("3"), CancellationToken.None)); // hours message, back to the menu
        var events = await Run(engine.RespondAsync(UserTurn.Keypad("7"), CancellationToken.None));
        Assert.Equal("Sorry, that is not an option. | " + RootPrompt, Spoken(events));
        Assert.Equal(IvrOutcome.InProgress, engine.Outcome);
    }

    [Fact]
    public async Task Submenus_inherit_prompts_and_use_their_own_retry_count()
    {
        var engine = await Started();
        await Run(engine.RespondAsync(UserTurn.Keypad("2"), CancellationToken.None));
        Assert.Equal(TimeSpan.FromMilliseconds(6000), engine.NoInputTimeout);
        var retry = await Run(engine.NoInputAsync(1, CancellationToken.None));
        Assert.Equal("Sorry, I did not hear a choice. | " + SupportPrompt, Spoken(retry));
        var end = await Run(engine.NoInputAsync(2, CancellationToken.None)); // max_retries 1 in the submenu
        Assert.Equal(new CallAction(CallActionKind.Transfer, "+15550100", "ivr: max retries"), end[^1]);
    }

    [Fact]
    public async Task Without_on_max_retries_the_menu_says_goodbye_and_hangs_up()
    {
        var engine = await Started("""{"prompt":"Press 1.","max_retries":0,"options":[{"digit":"1","action":{"type":"hangup"}}]}""");
        var events = await Run(engine.RespondAsync(UserTurn.Keypad("2"), CancellationToken.None));
        Assert.Equal([new TextDelta("Goodbye."), new CallAction(CallActionKind.EndCall, null, "ivr: max retries")], events);
        Assert.Equal(IvrOutcome.HungUp, engine.Outcome);
    }

    [Fact]
    public async Task A_message_on_max_retries_hangs_up_even_without_then()
    {
        var engine = await Started("""{"prompt":"Press 1.","max_retries":0,"on_max_retries":{"type":"message","text":"Call us later."},"options":[{"digit":"1","action":{"type":"repeat"}}]}""");
        var events = await Run(engine.NoInputAsync(1, CancellationToken.None));
        Assert.Equal([new TextDelta("Call us later."), new CallAction(CallActionKind.EndCall, null, "ivr: max retries")], events);
    }

    [Fact]
    public async Task Message_then_menu_back_or_hangup()
    {
        var engine = await Started();
        var menu = await Run(engine.RespondAsync(UserTurn.Keypad("3"), CancellationToken.None));
        Assert.Equal("We are open nine to five. | " + RootPrompt, Spoken(menu));
        Assert.Equal("root", engine.CurrentNodeId);

        await Run(engine.RespondAsync(UserTurn.Keypad("2"), CancellationToken.None));
        var back = await Run(engine.RespondAsync(UserTurn.Keypad("1"), CancellationToken.None));
        Assert.Equal([new TextDelta("Billing is open weekdays."), new NodeEntered("root/2", "root", "digit 1"), new TextDelta(" " + RootPrompt)], back);

        var hangup = await Run(engine.RespondAsync(UserTurn.Keypad("4"), CancellationToken.None));
        Assert.Equal([new TextDelta("Thank you for calling."), new CallAction(CallActionKind.EndCall, null, "ivr: digit 4")], hangup);
        Assert.Equal(IvrOutcome.HungUp, engine.Outcome);
    }

    [Fact]
    public async Task Repeat_speaks_the_menu_again()
    {
        var engine = await Started();
        await Run(engine.RespondAsync(UserTurn.Keypad("2"), CancellationToken.None));
        var events = await Run(engine.RespondAsync(UserTurn.Keypad("9"), CancellationToken.None));
        Assert.Equal([new TextDelta(SupportPrompt)], events);
    }

    [Fact]
    public async Task An_agent_option_without_target_hands_over_to_the_agents_own_engine()
    {
        var engine = await Started();
        var events = await Run(engine.RespondAsync(UserTurn.Speech("the assistant please"), CancellationToken.None));
        Assert.Equal([new CallAction(CallActionKind.HandOver, null, "ivr: keyword 'assistant'")], events);
        Assert.Equal(IvrOutcome.HandedOver, engine.Outcome);
        Assert.Null(engine.OutcomeTarget);
    }

    [Fact]
    public async Task The_path_records_nodes_keys_keywords_and_times()
    {
        var engine = await Started();
        _time.Advance(TimeSpan.FromSeconds(4));
        await Run(engine.RespondAsync(UserTurn.Speech("help"), CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(3));
        await Run(engine.RespondAsync(UserTurn.Keypad("2"), CancellationToken.None));

        var start = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal(
        [
            new IvrPathStep(start, "root", IvrStepKind.Entered, null, null, null),
            new IvrPathStep(start.AddSeconds(4), "root", IvrStepKind.Selected, "2", "help", "submenu"),
            new IvrPathStep(start.AddSeconds(4), "root/2", IvrStepKind.Entered, null, null, null),
            new IvrPathStep(start.AddSeconds(7), "root/2", IvrStepKind.Selected, "2", null, "agent"),
        ], engine.Path);
    }

    [Fact]
    public async Task Cancelling_stops_the_stream_but_the_caller_has_moved()
    {
        var engine = await Started();
        using var cts = new CancellationTokenSource();
        var seen = new List<ResponseEvent>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var e in engine.RespondAsync(UserTurn.Keypad("2"), cts.Token))
            {
                seen.Add(e);
                await cts.CancelAsync();
            }
        });
        Assert.Single(seen);
        Assert.Equal("root/2", engine.CurrentNodeId);

        var next = await Run(engine.RespondAsync(UserTurn.Keypad("2"), CancellationToken.None));
        Assert.Equal(CallActionKind.HandOver, Assert.IsType<CallAction>(next[^1]).Kind);
    }

    [Fact]
    public async Task Start_again_begins_a_fresh_path()
    {
        var engine = await Started();
        await Run(engine.RespondAsync(UserTurn.Keypad("#"), CancellationToken.None));
        await Run(engine.StartAsync(CancellationToken.None));
        Assert.Equal(IvrOutcome.InProgress, engine.Outcome);
        Assert.Single(engine.Path);
    }

    [Fact]
    public async Task Bad_arguments_and_misuse_throw_documented_exceptions()
    {
        using var invalid = JsonDocument.Parse("""{"prompt":""}""");
        var error = Assert.Throws<IvrMenuException>(() => new IvrResponseEngine(invalid.RootElement, _time));
        Assert.Contains(error.Errors, e => e.Path == "prompt");
        Assert.Contains("prompt", error.Message, StringComparison.Ordinal);

        var noMenu = new CallContext { CallId = "c", OrganizationId = "o", Agent = new AgentDefinition { Id = "a", Engine = ResponseEngineKind.Ivr } };
        Assert.Throws<ArgumentException>(() => new IvrResponseEngine(noMenu));
        Assert.Throws<ArgumentNullException>(() => new IvrResponseEngine((CallContext)null!));

        var engine = Engine();
        Assert.Throws<InvalidOperationException>(() => engine.RespondAsync(UserTurn.Keypad("1"), CancellationToken.None));
        Assert.Throws<InvalidOperationException>(() => engine.NoInputAsync(1, CancellationToken.None));
        await Run(engine.StartAsync(CancellationToken.None));
        Assert.Throws<ArgumentNullException>(() => engine.RespondAsync(null!, CancellationToken.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.NoInputAsync(0, CancellationToken.None));
        Assert.Throws<ArgumentNullException>(() => engine.Heard(null!, false));
        engine.Heard("Welcome", interrupted: true);
        await engine.DisposeAsync();
    }
}
