using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Sessions.Events;

namespace Switchboard.Realtime.Tests.Sessions;

/// <summary>Variables the response engine sets are carried, merged, on every later node transition of the call.</summary>
[Collection("calls")]
public sealed class CallSessionVariablesTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    [NativeFact]
    public async Task Each_node_transition_carries_the_variables_set_so_far_latest_value_per_name()
    {
        var engine = new ScriptedEngine(null, turn => turn.Digits switch
        {
            "1" => [new VariablesChanged(new Dictionary<string, string> { ["choice"] = "1" }), new NodeEntered("menu", "sales", "pressed 1"), new TextDelta("Sales.")],
            _ => [new VariablesChanged(new Dictionary<string, string> { ["choice"] = turn.Digits!, ["team"] = "support" }), new NodeEntered("sales", "support", null), new TextDelta("Support.")],
        })
        {
            Opening = [new NodeEntered(null, "menu", "start"), new TextDelta("Welcome.")],
        };
        await using var call = new CallHarness(CallHarness.Agent(), engine);
        Assert.True(await call.ListenToAgentAsync(Long), "the welcome was never played");
        await call.PressAsync("1#");
        Assert.True(await call.ListenToAgentAsync(Long), "no answer to 1");
        await call.PressAsync("9#");
        Assert.True(await call.ListenToAgentAsync(Long), "no answer to 9");

        var moves = call.Observer.Of<NodeTransition>().ToArray();
        Assert.Equal(["menu", "sales", "support"], moves.Select(m => m.NodeId));
        Assert.Null(moves[0].Variables);
        Assert.Equal(new Dictionary<string, string> { ["choice"] = "1" }, moves[1].Variables);
        Assert.Equal(new Dictionary<string, string> { ["choice"] = "9", ["team"] = "support" }, moves[2].Variables);
    }
}
