using System.Text.Json;
using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Tools;
using static Switchboard.Realtime.Tests.ResponseEngines.Flow.FlowHarness;

namespace Switchboard.Realtime.Tests.ResponseEngines.Flow;

public sealed class FlowFunctionNodeTests
{
    private const string Booking = """
        {"start":"day","nodes":[
          {"id":"day","type":"ask","prompt":"Which day?","variable":"day","value_type":"day_of_week","next":"book"},
          {"id":"book","type":"function","tool":"book_slot","arguments":{"day":"{{day}}","party":2,"tags":["{{day}}","web"]},
           "result":{"booking_id":"$.id","time":"$.slots[0].time","missing":"$.nope"},"next":"done","on_error":"failed"},
          {"id":"done","type":"end","text":"Booked {{booking_id}} at {{time}}."},
          {"id":"failed","type":"end","text":"Sorry, booking failed."}]}
        """;

    private static ToolResult Booked(ToolInvocation _) => new("""{"id":"bk_7","slots":[{"time":"10:30"}]}""");

    [Fact]
    public async Task A_function_node_journals_then_calls_the_tool_and_maps_its_result()
    {
        var tools = new RecordingToolRegistry().With("book_slot", Booked);
        var journal = new InMemoryToolCallJournal();
        await using var engine = Engine(Booking, tools, journal);
        await engine.Start();
        var events = await engine.Say("thursday");

        var invocation = Assert.Single(tools.Invocations);
        Assert.Equal("call_1:flow:book:0", invocation.IdempotencyKey);
        Assert.Equal("call_1", invocation.Call.CallId);
        Assert.Equal("""{"day":"Thursday","party":2,"tags":["Thursday","web"]}""", invocation.Arguments.GetRawText());
        Assert.Equal(["begin call_1:flow:book:0", "complete call_1:flow:book:0"], journal.Log);

        var started = Assert.Single(events.OfType<ToolCallStarted>());
        var completed = Assert.Single(events.OfType<ToolCallCompleted>());
        Assert.True(events.IndexOf(started) < events.IndexOf(completed));
        Assert.Equal(("book_slot", false), (completed.Name, completed.IsError));
        var mapped = events.OfType<VariablesChanged>().Last().Values;
        Assert.Equal("bk_7", mapped["booking_id"]);
        Assert.Equal("10:30", mapped["time"]);
        Assert.False(mapped.ContainsKey("missing"));
        Assert.Equal("Booked bk_7 at 10:30.", events.Spoken());
        Assert.Equal(new NodeEntered("book", "done", "tool_result"), events.OfType<NodeEntered>().Last());
    }

    [Fact]
    public async Task A_tool_error_or_exception_takes_on_error()
    {
        var tools = new RecordingToolRegistry().With("book_slot", _ => ToolResult.Error("fully booked"));
        await using var engine = Engine(Booking, tools, new InMemoryToolCallJournal());
        await engine.Start();
        var events = await engine.Say("monday");
        Assert.True(Assert.Single(events.OfType<ToolCallCompleted>()).IsError);
        Assert.Equal("Sorry, booking failed.", events.Spoken());

        var throwing = new RecordingToolRegistry().With("book_slot", _ => throw new InvalidOperationException("db down"));
        await using var second = Engine(Booking, throwing, new InMemoryToolCallJournal());
        await second.Start();
        var failed = await second.Say("monday");
        Assert.Contains("db down", Assert.Single(failed.OfType<ToolCallCompleted>()).Result, StringComparison.Ordinal);
        Assert.Equal("Sorry, booking failed.", failed.Spoken());
    }

    [Fact]
    public async Task A_result_already_in_the_journal_is_reused_not_run_again()
    {
        var tools = new RecordingToolRegistry().With("book_slot", Booked);
        var journal = new InMemoryToolCallJournal();
        journal.Entries["call_1:flow:book:0"] = new ToolResult("""{"id":"bk_old","slots":[{"time":"09:00"}]}""");
        await using var engine = Engine(Booking, tools, journal);
        await engine.Start();
        var events = await engine.Say("friday");
        Assert.Empty(tools.Invocations);
        Assert.Equal("Booked bk_old at 09:00.", events.Spoken());
    }

    [Fact]
    public async Task A_tool_started_before_a_barge_in_finishes_once_and_its_result_is_used_next_turn()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tools = new RecordingToolRegistry { Gate = gate }.With("book_slot", Booked);
        var journal = new InMemoryToolCallJournal();
        await using var engine = Engine(Booking, tools, journal);
        await engine.Start();

        using var barge = new CancellationTokenSource();
        var seen = new List<ResponseEvent>();
        await using (var e = engine.RespondAsync(UserTurn.Speech("tuesday"), barge.Token).GetAsyncEnumerator(barge.Token))
        {
            while (await e.MoveNextAsync())
            {
                seen.Add(e.Current);
                if (e.Current is ToolCallStarted) break; // the caller interrupts while the tool runs
            }
        }
        await barge.CancelAsync();
        Assert.Single(tools.Invocations);

        gate.SetResult();
        var next = await engine.Say("hello?");
        Assert.Single(tools.Invocations);
        Assert.Equal("call_1:flow:book:0", Assert.Single(next.OfType<ToolCallCompleted>()).IdempotencyKey);
        Assert.Equal("Booked bk_7 at 10:30.", next.Spoken());
        Assert.Equal(["begin call_1:flow:book:0", "complete call_1:flow:book:0"], journal.Log);
    }

    [Fact]
    public async Task A_tool_that_ends_the_call_ends_the_flow_with_its_action()
    {
        var tools = new RecordingToolRegistry().With("hang_up", _ => new ToolResult("ok", Action: new CallAction(CallActionKind.EndCall, null, "tool")));
        await using var engine = Engine("""
            {"start":"f","nodes":[{"id":"f","type":"function","tool":"hang_up","next":"e"},{"id":"e","type":"end","text":"never said"}]}
            """, tools, new InMemoryToolCallJournal());
        var events = await engine.Start();
        Assert.Equal(new CallAction(CallActionKind.EndCall, null, "tool"), events[^1]);
        Assert.Equal("", events.Spoken());
        Assert.True(engine.IsEnded);
        Assert.Equal(JsonValueKind.Object, Assert.Single(tools.Invocations).Arguments.ValueKind);
    }

    [Fact]
    public async Task Each_visit_of_a_function_node_gets_its_own_idempotency_key_and_plain_text_maps_with_dollar()
    {
        var tools = new RecordingToolRegistry().With("echo", i => new ToolResult("plain words"));
        await using var engine = Engine("""
            {"start":"q","nodes":[
              {"id":"q","type":"ask","prompt":"Again?","variable":"again","value_type":"yes_no","next":"f"},
              {"id":"f","type":"function","tool":"echo","result":{"said":"$"},"next":"b"},
              {"id":"b","type":"branch","conditions":[{"variable":"again","equals":"yes","next":"q"}],"default":"e"},
              {"id":"e","type":"end","text":"{{said}}"}]}
            """, tools, new InMemoryToolCallJournal());
        await engine.Start();
        await engine.Say("yes");
        var last = await engine.Say("no");
        Assert.Equal(["call_1:flow:f:0", "call_1:flow:f:1"], tools.Invocations.Select(i => i.IdempotencyKey));
        Assert.Equal("plain words", last.Spoken());
    }
}
