namespace Switchboard.Realtime.Simulation;

/// <summary>The outcome of one agent test: passed when <see cref="Failures"/> is empty.</summary>
public sealed record AgentTestResult(string Name, IReadOnlyList<string> Failures, IReadOnlyList<string> Transcript)
{
    public bool Passed => Failures.Count == 0;
}
