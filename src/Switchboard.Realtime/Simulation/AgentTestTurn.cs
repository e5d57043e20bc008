namespace Switchboard.Realtime.Simulation;

/// <summary>A caller turn (speech text, digits, both, or a silence that triggers no-input handling) and its expectations.</summary>
public sealed record AgentTestTurn
{
    public string? User { get; init; }
    public string? Digits { get; init; }

    /// <summary>The caller stays silent: the agent's no-input handling runs.</summary>
    public bool NoInput { get; init; }

    public AgentTestExpectation? Expect { get; init; }
}
