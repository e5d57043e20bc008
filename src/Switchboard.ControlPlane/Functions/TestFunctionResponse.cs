using System.Text.Json;

namespace Switchboard.ControlPlane.Functions;

/// <summary>What a test run produced, as the LLM would see it, plus timing and the logged execution's id.</summary>
internal sealed record TestFunctionResponse(
    string? ExecutionId, int? Version, string Status, JsonElement? Result, FunctionError? Error, double LatencyMs)
{
    public static TestFunctionResponse From(FunctionExecutionResult r) =>
        new(r.ExecutionId, r.FunctionVersion, r.Status, r.Result, r.Error, r.LatencyMs);
}
