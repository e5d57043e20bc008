using System.Text.Json;

namespace Switchboard.ControlPlane.Agents;

/// <summary>An agent as of one version (the newest unless a version was asked for).</summary>
internal sealed record AgentResponse(
    string Id,
    int Version,
    int? PublishedVersion,
    bool IsPublished,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? Name,
    ResponseEngineConfig? ResponseEngine,
    VoiceConfig? Voice,
    SttConfig? Stt,
    double? InterruptionSensitivity,
    double? Responsiveness,
    int? EndCallAfterSilenceMs,
    long? MaxCallDurationMs,
    string? WebhookUrl,
    IReadOnlyList<PostCallAnalysisField>? PostCallAnalysis,
    JsonElement? Metadata,
    IReadOnlyDictionary<string, string>? DynamicVariables,
    bool? RecordCalls)
{
    public static AgentResponse From(Agent agent, int version, AgentConfig c) =>
        new(agent.Id, version, agent.PublishedVersion, agent.PublishedVersion == version, agent.CreatedAt, agent.UpdatedAt,
            c.Name, c.ResponseEngine, c.Voice, c.Stt, c.InterruptionSensitivity, c.Responsiveness, c.EndCallAfterSilenceMs,
            c.MaxCallDurationMs, c.WebhookUrl, c.PostCallAnalysis, c.Metadata, c.DynamicVariables, c.RecordCalls);
}
