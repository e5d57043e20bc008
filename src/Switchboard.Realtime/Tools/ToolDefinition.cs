using System.Text.Json;

namespace Switchboard.Realtime.Tools;

/// <summary>A tool as the model sees it: name, description and a JSON Schema (type object) for its arguments.</summary>
public sealed record ToolDefinition(string Name, string Description, JsonElement ParametersSchema);
