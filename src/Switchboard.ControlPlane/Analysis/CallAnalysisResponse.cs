using System.Text.Json;

namespace Switchboard.ControlPlane.Analysis;

/// <summary>
/// A call's <c>call_analysis</c>: <c>status</c> (pending, completed, failed, skipped), the model's <c>summary</c>, the
/// agent's analysis <c>fields</c>, <c>error</c> (why it failed or was skipped, or the last failed attempt while pending),
/// <c>attempts</c> and <c>completed_at</c>.
/// </summary>
internal sealed record CallAnalysisResponse(
    string Status, string? Summary, JsonElement? Fields, string? Error, int Attempts, DateTimeOffset? CompletedAt)
{
    public static CallAnalysisResponse From(CallAnalysis a) => new(
        a.Status, a.Summary, a.Fields is null ? null : JsonSerializer.Deserialize<JsonElement>(a.Fields), a.Error, a.Attempts, a.CompletedAt);
}
