using System.Text.Json;

namespace Switchboard.ControlPlane.Functions;

/// <summary>
/// What the call engine needs to offer one function to an LLM and to run it: the tool definition (name,
/// description, parameters), where it runs, and what to say while it runs.
/// </summary>
internal sealed record FunctionTool(
    string FunctionId,
    int Version,
    string Name,
    string? Description,
    JsonElement Parameters,
    string Kind,
    string? Builtin,
    bool RunsOnServer,
    int TimeoutMs,
    bool SpeakDuringExecution,
    string? FillerLine);
