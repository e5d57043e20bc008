using System.Text.Json;
using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Simulation;
using Switchboard.Realtime.Tests.Sessions;

namespace Switchboard.Realtime.Tests.Simulation;

public sealed class AgentTestRunnerTests
{
    private static ScriptedEngine Booking() => new("Welcome to Acme.", turn => turn.Digits == "1" || turn.Text.Contains("book")
        ? [
            new NodeEntered("menu", "booking", "keypad"),
            new ToolCallStarted("call:1", "check_slots", JsonDocument.Parse("""{"day":"tuesday","count":2}""").RootElement),
            new ToolCallCompleted("call:1", "check_slots", """{"free":3}""", false, TimeSpan.FromMilliseconds(5)),
            new VariablesChanged(new Dictionary<string, string> { ["day"] = "tuesday" }),
            new TextDelta("Tuesday has three free slots."),
        ]
        : [new TextDelta("Goodbye."), new CallAction(CallActionKind.EndCall, null, "done")]);

    [Fact]
    public async Task A_test_whose_expectations_hold_passes_with_a_transcript()
    {
        var test = new AgentTestCase
        {
            Name = "booking",
            Greeting = new AgentTestExpectation { ReplyContains = ["welcome"] },
            Turns =
            [
                new AgentTestTurn
                {
                    Digits = "1",
                    Expect = new AgentTestExpectation
                    {
                        ReachedNode = "booking",
                        ToolCalled = [new AgentTestToolCall { Name = "check_slots", Arguments = JsonDocument.Parse("""{"day":"tuesday"}""").RootElement }],
                        Variables = new Dictionary<string, string> { ["day"] = "Tuesday" },
                        ReplyMatches = "three free",
                    },
                },
                new AgentTestTurn { User = "no thanks", Expect = new AgentTestExpectation { CallEnded = true, NoToolCalled = true } },
            ],
        };
        var result = await AgentTestRunner.RunAsync(test, _ => Booking(), CancellationToken.None);
        Assert.True(result.Passed, string.Join("\n", result.Failures));
        Assert.Contains("agent: Welcome to Acme.", result.Transcript);
        Assert.Contains(result.Transcript, l => l.Contains("[tool] check_slots"));
    }

    [Fact]
    public async Task Every_broken_expectation_is_reported()
    {
        var test = new AgentTestCase
        {
            Name = "wrong",
            Turns =
            [
                new AgentTestTurn
                {
                    User = "book",
                    Expect = new AgentTestExpectation
                    {
                        ReplyContains = ["wednesday"],
                        ReachedNode = "menu",
                        ToolCalled = [new AgentTestToolCall { Name = "check_slots", Arguments = JsonDocument.Parse("""{"day":"friday"}""").RootElement }],
                        CallEnded = true,
                    },
                },
                new AgentTestTurn { User = "bye" },
                new AgentTestTurn { User = "hello?" },
            ],
        };
        var result = await AgentTestRunner.RunAsync(test, _ => Booking(), CancellationToken.None);
        Assert.False(result.Passed);
        Assert.Equal(5, result.Failures.Count);
        Assert.Contains(result.Failures, f => f.Contains("does not contain \"wednesday\""));
        Assert.Contains(result.Failures, f => f.Contains("node booking, not menu"));
        Assert.Contains(result.Failures, f => f.Contains("friday"));
        Assert.Contains(result.Failures, f => f.Contains("did not end"));
        Assert.Contains(result.Failures, f => f.StartsWith("turn 3: the call had already ended"));
    }

    [Fact]
    public async Task An_engine_that_cannot_start_fails_the_test_with_its_reason()
    {
        var result = await AgentTestRunner.RunAsync(new AgentTestCase { Name = "x" },
            _ => throw new InvalidOperationException("no LLM key configured"), CancellationToken.None);
        Assert.Equal("the agent could not start: no LLM key configured", Assert.Single(result.Failures));
    }
}
