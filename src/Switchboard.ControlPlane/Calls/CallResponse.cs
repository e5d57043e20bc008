using System.Text.Json;
using Switchboard.ControlPlane.Http;

namespace Switchboard.ControlPlane.Calls;

/// <summary>
/// A call record. Lists carry the record alone; <c>GET /calls/{id}</c> adds <see cref="Transcript"/>, <see cref="Latency"/>
/// and <see cref="CallAnalysis"/> (null until the call has ended).
/// </summary>
internal sealed record CallResponse(
    string Id,
    string AgentId,
    int AgentVersion,
    string Status,
    string Direction,
    string? FromNumber,
    string? ToNumber,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    long? DurationMs,
    string? DisconnectionReason,
    string? RecordingUrl,
    JsonElement? Metadata,
    IReadOnlyDictionary<string, string>? DynamicVariables,
    LatencySummary? LatencySummary,
    IReadOnlyList<TranscriptEntry>? Transcript = null,
    CallLatency? Latency = null,
    Analysis.CallAnalysisResponse? CallAnalysis = null)
{
    public static CallResponse From(Call c) => new(
        c.Id, c.AgentId, c.AgentVersion, c.Status, c.Direction, c.FromNumber, c.ToNumber, c.CreatedAt, c.StartedAt, c.EndedAt,
        c.DurationMs, c.DisconnectionReason, c.RecordingUrl,
        c.Metadata is null ? null : JsonSerializer.Deserialize<JsonElement>(c.Metadata),
        c.DynamicVariables is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(c.DynamicVariables),
        c.LatencySummary is null ? null : JsonSerializer.Deserialize<LatencySummary>(c.LatencySummary, JsonDefaults.Options));
}
