using System.Text.Json;

namespace Switchboard.ControlPlane.Functions;

/// <summary>One logged execution; arguments and result as stored (masked).</summary>
internal sealed record FunctionExecutionResponse(
    string Id,
    string FunctionId,
    int FunctionVersion,
    string? CallId,
    string Status,
    JsonElement Arguments,
    JsonElement? Result,
    bool ResultTruncated,
    FunctionExecutionErrorResponse? Error,
    double LatencyMs,
    DateTimeOffset CreatedAt)
{
    public static FunctionExecutionResponse From(FunctionExecution e) =>
        new(e.Id, e.FunctionId, e.FunctionVersion, e.CallId, e.Status, Parse(e.Arguments)!.Value,
            e.Result is null ? null : Parse(e.Result), e.ResultTruncated,
            e.ErrorCode is null ? null : new FunctionExecutionErrorResponse(e.ErrorCode, e.ErrorMessage ?? ""),
            e.LatencyMs, e.CreatedAt);

    private static JsonElement? Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
