using System.Text.Json;

namespace Switchboard.ControlPlane.Functions;

/// <summary>
/// What one execution produced: a <see cref="Result"/> on success, otherwise an <see cref="Error"/> to hand
/// back to the LLM as a tool error. <see cref="ExecutionId"/> is null only when nothing could be logged
/// (the function does not exist).
/// </summary>
internal sealed record FunctionExecutionResult(
    string? ExecutionId,
    string? FunctionId,
    int? FunctionVersion,
    string Status,
    JsonElement? Result,
    FunctionError? Error,
    double LatencyMs)
{
    public bool Succeeded => Status == FunctionExecutionStatus.Succeeded;
}
