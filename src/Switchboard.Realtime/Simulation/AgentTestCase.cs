namespace Switchboard.Realtime.Simulation;

/// <summary>
/// One scripted conversation with an agent and what must happen in it (the agent test file format; see
/// docs/agent-tests.md).
/// </summary>
public sealed record AgentTestCase
{
    public string Name { get; init; } = "unnamed";

    /// <summary>Dynamic variables for the call, over the agent's defaults.</summary>
    public IReadOnlyDictionary<string, string>? Variables { get; init; }

    /// <summary>Expectations on the agent's opening, before any caller turn.</summary>
    public AgentTestExpectation? Greeting { get; init; }

    public IReadOnlyList<AgentTestTurn> Turns { get; init; } = [];
}
