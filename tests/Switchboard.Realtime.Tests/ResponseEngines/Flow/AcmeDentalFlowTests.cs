using Switchboard.Realtime.Demo;
using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.ResponseEngines.Flow;
using static Switchboard.Realtime.Tests.ResponseEngines.Flow.FlowHarness;

namespace Switchboard.Realtime.Tests.ResponseEngines.Flow;

/// <summary>The demo receptionist, driven as whole conversations of caller turns.</summary>
public sealed class AcmeDentalFlowTests
{
    private static FlowResponseEngine Receptionist() => new(Call(DemoAgents.AcmeDentalFlowJson()));

    [Fact]
    public async Task Happy_path_by_voice()
    {
        await using var engine = Receptionist();
        var greeting = await engine.Start();
        Assert.StartsWith("Thank you for calling Acme Dental.", greeting.Spoken(), StringComparison.Ordinal);
        Assert.Equal(["greeting", "reason"], greeting.Nodes());
        Assert.Contains("toothache", engine.ExpectedPhrases);
        Assert.Contains("billing", engine.ExpectedPhrases);

        var reason = await engine.Say("I have a toothache");
        Assert.Equal(["route_reason", "note_emergency", "name"], reason.Nodes());
        Assert.Contains("May I have your name", reason.Spoken(), StringComparison.Ordinal);
        Assert.Empty(engine.ExpectedPhrases); // names are open vocabulary

        var name = await engine.Say("my name is john smith");
        Assert.Equal("John Smith", Assert.IsType<VariablesChanged>(name[0]).Values["name"]);
        Assert.Contains("Thanks, John Smith. Which day suits you?", name.Spoken(), StringComparison.Ordinal);
        Assert.Equal(["monday", "tuesday", "wednesday", "thursday", "friday"], engine.ExpectedPhrases);

        var day = await engine.Say("next tuesday");
        Assert.Contains("So that's an emergency visit for John Smith on Tuesday. Is that right?", day.Spoken(), StringComparison.Ordinal);
        Assert.Contains("yes", engine.ExpectedPhrases);

        var end = await engine.Say("yes");
        Assert.Equal(["check_confirmed", "goodbye"], end.Nodes());
        Assert.Equal("Thank you, John Smith. We'll call you to confirm an emergency visit on Tuesday. Have a great day. Goodbye!", end.Spoken());
        Assert.Equal(new CallAction(CallActionKind.EndCall, null, "flow_end"), end[^1]);
        Assert.Equal(("emergency", "yes"), (engine.Variables["reason"], engine.Variables["confirmed"]));
    }

    [Theory]
    [InlineData("1", "a cleaning")]
    [InlineData("2", "a checkup")]
    [InlineData("3", "an emergency visit")]
    [InlineData("4", "a call from our billing team")]
    public async Task Happy_path_by_keypad(string reasonKey, string visit)
    {
        await using var engine = Receptionist();
        await engine.Start();
        Assert.Equal(new FlowDigitCollection(1, null), engine.ExpectedDigits);
        await engine.Press(reasonKey);
        Assert.Null(engine.ExpectedDigits); // the name is spoken
        await engine.Say("Maria");
        var confirm = await engine.Press("5");
        Assert.Contains($"So that's {visit} for Maria on Friday.", confirm.Spoken(), StringComparison.Ordinal);
        var end = await engine.Press("1");
        Assert.Equal(["check_confirmed", "goodbye"], end.Nodes());
        Assert.Equal(CallActionKind.EndCall, end.Action()?.Kind);
    }

    [Fact]
    public async Task No_input_reprompts_twice_then_says_goodbye()
    {
        await using var engine = Receptionist();
        await engine.Start();
        Assert.StartsWith("Sorry, I didn't hear anything.", (await engine.Silence(1)).Spoken(), StringComparison.Ordinal);
        Assert.StartsWith("Sorry, I didn't hear anything.", (await engine.Silence(2)).Spoken(), StringComparison.Ordinal);
        var last = await engine.Silence(3);
        Assert.Equal(["goodbye_failed"], last.Nodes());
        Assert.StartsWith("Sorry, I'm having trouble understanding.", last.Spoken(), StringComparison.Ordinal);
        Assert.Equal(CallActionKind.EndCall, last.Action()?.Kind);
    }

    [Fact]
    public async Task No_input_then_an_answer_carries_on()
    {
        await using var engine = Receptionist();
        await engine.Start();
        await engine.Silence();
        Assert.Equal(["route_reason", "note_cleaning", "name"], (await engine.Say("a cleaning please")).Nodes());
    }

    [Fact]
    public async Task No_match_retries_then_the_failure_path()
    {
        await using var engine = Receptionist();
        await engine.Start();
        await engine.Press("1");
        await engine.Say("Ana");
        Assert.StartsWith("Sorry, we're open Monday to Friday.", (await engine.Say("saturday")).Spoken(), StringComparison.Ordinal);
        Assert.StartsWith("Sorry, we're open Monday to Friday.", (await engine.Press("9")).Spoken(), StringComparison.Ordinal);
        var failed = await engine.Say("whenever");
        Assert.Equal(["goodbye_failed"], failed.Nodes());
        Assert.Equal(new NodeEntered("day", "goodbye_failed", "no_match"), failed[0]);
        Assert.Equal(CallActionKind.EndCall, failed.Action()?.Kind);
        Assert.False(engine.Variables.ContainsKey("day"));
    }

    [Fact]
    public async Task No_at_confirmation_asks_again_and_keeps_the_new_answers()
    {
        await using var engine = Receptionist();
        await engine.Start();
        await engine.Say("checkup");
        await engine.Say("Tom");
        await engine.Say("monday");

        var again = await engine.Say("no that's not right");
        Assert.Equal(["check_confirmed", "start_over", "name"], again.Nodes());
        Assert.StartsWith("No problem, let's try again.", again.Spoken(), StringComparison.Ordinal);

        await engine.Say("Tim");
        var confirm = await engine.Press("3");
        Assert.Contains("So that's a checkup for Tim on Wednesday.", confirm.Spoken(), StringComparison.Ordinal);
        var end = await engine.Press("1");
        Assert.Contains("Thank you, Tim.", end.Spoken(), StringComparison.Ordinal);
        Assert.Equal(CallActionKind.EndCall, end.Action()?.Kind);
    }

    [Fact]
    public async Task Unclear_confirmation_reprompts_for_yes_or_no()
    {
        await using var engine = Receptionist();
        await engine.Start();
        await engine.Press("2");
        await engine.Say("Li");
        await engine.Press("4");
        Assert.StartsWith("Sorry, please just say yes or no", (await engine.Say("maybe")).Spoken(), StringComparison.Ordinal);
        Assert.Equal(["check_confirmed", "goodbye"], (await engine.Say("yeah")).Nodes());
    }

    [Fact]
    public void Every_expected_phrase_is_plain_lowercase_words_for_the_offline_recogniser()
    {
        var flow = DemoAgents.AcmeDentalFlowJson();
        foreach (var node in flow.GetProperty("nodes").EnumerateArray())
        {
            if (!node.TryGetProperty("choices", out var choices)) continue;
            foreach (var choice in choices.EnumerateArray())
            {
                var phrases = new List<string> { choice.GetProperty("value").GetString()! };
                if (choice.TryGetProperty("synonyms", out var synonyms)) phrases.AddRange(synonyms.EnumerateArray().Select(s => s.GetString()!));
                Assert.All(phrases, p => Assert.Matches("^[a-z]+( [a-z]+)?$", p));
            }
        }
        Assert.Equal("Acme Dental", DemoAgents.AcmeDentalName);
    }
}
