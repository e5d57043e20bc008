using System.Text.Json;

namespace Switchboard.ControlPlane.Agents;

/// <summary>Everything that defines an agent; one immutable copy is stored per version.</summary>
internal sealed record AgentConfig
{
    public string? Name { get; init; }
    public ResponseEngineConfig? ResponseEngine { get; init; }
    public VoiceConfig? Voice { get; init; }
    public SttConfig? Stt { get; init; }
    public double? InterruptionSensitivity { get; init; }
    public double? Responsiveness { get; init; }
    public int? EndCallAfterSilenceMs { get; init; }
    public long? MaxCallDurationMs { get; init; }
    public string? WebhookUrl { get; init; }
    public IReadOnlyList<PostCallAnalysisField>? PostCallAnalysis { get; init; }
    public JsonElement? Metadata { get; init; }
    public IReadOnlyDictionary<string, string>? DynamicVariables { get; init; }

    /// <summary>Record both sides of every call to a stereo WAV file (caller left, agent right).</summary>
    public bool? RecordCalls { get; init; }

    /// <summary>Fills what the caller left out with the offline defaults, so a stored version is complete.</summary>
    public AgentConfig WithDefaults() => this with
    {
        Voice = new VoiceConfig
        {
            Provider = Voice?.Provider ?? "flite",
            VoiceId = Voice?.VoiceId ?? "slt",
            Speed = Voice?.Speed ?? 1.0,
        },
        Stt = new SttConfig
        {
            Provider = Stt?.Provider ?? "pocketsphinx",
            Language = Stt?.Language ?? "en-US",
            BoostedKeywords = Stt?.BoostedKeywords ?? [],
        },
        InterruptionSensitivity = InterruptionSensitivity ?? 1.0,
        Responsiveness = Responsiveness ?? 1.0,
        EndCallAfterSilenceMs = EndCallAfterSilenceMs ?? 600_000,
        MaxCallDurationMs = MaxCallDurationMs ?? 3_600_000,
        PostCallAnalysis = PostCallAnalysis ?? [],
        DynamicVariables = DynamicVariables ?? new Dictionary<string, string>(),
        RecordCalls = RecordCalls ?? false,
    };
}
