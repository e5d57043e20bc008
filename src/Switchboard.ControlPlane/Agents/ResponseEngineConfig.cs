using System.Text.Json;

namespace Switchboard.ControlPlane.Agents;

/// <summary>
/// How the agent decides what to say: <c>llm</c> (model, prompt, tools), <c>flow</c> (a conversation graph) or
/// <c>ivr</c> (a keypad menu). Only the fields of the chosen type may be set.
/// </summary>
internal sealed record ResponseEngineConfig
{
    public string? Type { get; init; }
    public string? Provider { get; init; }
    public string? Model { get; init; }
    public string? SystemPrompt { get; init; }
    public string? BeginMessage { get; init; }
    public double? Temperature { get; init; }
    public IReadOnlyList<string>? FunctionIds { get; init; }
    public JsonElement? Flow { get; init; }
    public string? IvrMenuId { get; init; }
}
