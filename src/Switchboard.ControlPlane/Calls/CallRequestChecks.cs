using System.Text.Json;

namespace Switchboard.ControlPlane.Calls;

/// <summary>The checks every call-creating request shares: the agent reference, dynamic variables and metadata.</summary>
internal static class CallRequestChecks
{
    private const int MaxVariables = 100;
    private const int MaxVariableName = 100;
    private const int MaxVariableValue = 2000;
    private const int MaxMetadataBytes = 16 * 1024;

    /// <summary>Adds a field error to <paramref name="errors"/> for each problem found.</summary>
    public static void Check(Dictionary<string, string[]> errors, string? agentId, int? agentVersion,
        IReadOnlyDictionary<string, string>? variables, JsonElement? metadata)
    {
        if (string.IsNullOrWhiteSpace(agentId)) errors["agent_id"] = ["agent_id is required."];
        else if (agentId.Length > 64) errors["agent_id"] = ["No agent with that id."];
        if (agentVersion is < 1) errors["agent_version"] = ["agent_version must be 1 or more."];
        if (variables is not null)
        {
            if (variables.Count > MaxVariables) errors["dynamic_variables"] = [$"At most {MaxVariables} dynamic variables."];
            foreach (var (name, value) in variables)
            {
                if (string.IsNullOrWhiteSpace(name) || name.Length > MaxVariableName)
                    errors["dynamic_variables"] = [$"Variable names must be 1 to {MaxVariableName} characters."];
                else if (value is null || value.Length > MaxVariableValue)
                    errors[$"dynamic_variables.{name}"] = [$"Values must be strings of at most {MaxVariableValue} characters."];
            }
        }
        if (metadata is { } m)
        {
            if (m.ValueKind != JsonValueKind.Object) errors["metadata"] = ["metadata must be a JSON object."];
            else if (m.GetRawText().Length > MaxMetadataBytes) errors["metadata"] = [$"metadata must be at most {MaxMetadataBytes} bytes."];
        }
    }
}
