namespace Switchboard.Bench.Engine.Sip;

/// <summary>One scripted call's outcome: reply latencies in ms, turns the agent was already talking over, turns with no reply, and why it stopped early.</summary>
internal sealed record SipCallResult(IReadOnlyList<double> LatenciesMs, int Overlapped, int Missed, string? Failure);
