using System.Text.Json;

namespace Switchboard.Realtime.Simulation;

/// <summary>An expected tool call: its name and, optionally, arguments that must be present with these values.</summary>
public sealed record AgentTestToolCall
{
    public required string Name { get; init; }
    public JsonElement? Arguments { get; init; }
}
