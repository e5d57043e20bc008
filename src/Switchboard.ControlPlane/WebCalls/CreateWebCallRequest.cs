using System.Text.Json;

namespace Switchboard.ControlPlane.WebCalls;

/// <summary>
/// <c>POST /api/v1/calls/web</c>: the agent to talk to (its published version, else its newest, unless
/// <see cref="AgentVersion"/> pins one), the call's own dynamic variables and metadata (a JSON object).
/// </summary>
internal sealed record CreateWebCallRequest(
    string? AgentId,
    int? AgentVersion,
    IReadOnlyDictionary<string, string>? DynamicVariables,
    JsonElement? Metadata);
