using System.Text.Json;

namespace Switchboard.Realtime.Sessions;

/// <summary>
/// Everything the engine needs to run one agent version, resolved by the control plane (secrets filled in, IVR menu
/// loaded). Immutable; shared by every call of that version.
/// </summary>
public sealed record AgentDefinition
{
    public required string Id { get; init; }
    public int Version { get; init; } = 1;
    public string Name { get; init; } = "";
    public required ResponseEngineKind Engine { get; init; }

    /// <summary>Set when <see cref="Engine"/> is <see cref="ResponseEngineKind.Llm"/>.</summary>
    public LlmSettings? Llm { get; init; }

    /// <summary>The conversation flow graph (the agents API's <c>response_engine.flow</c>), when <see cref="Engine"/> is Flow.</summary>
    public JsonElement? Flow { get; init; }

    /// <summary>The IVR menu tree the call starts in, when <see cref="Engine"/> is Ivr (the <c>ivr_menus</c> row's definition).</summary>
    public JsonElement? IvrMenu { get; init; }

    /// <summary>The stored id of <see cref="IvrMenu"/> (the call's IVR session is recorded under it); null for a menu given inline.</summary>
    public string? IvrMenuId { get; init; }

    /// <summary>The engine an IVR menu hands over to on an <c>agent</c> option, if any.</summary>
    public AgentDefinition? AfterIvr { get; init; }

    public VoiceSettings Voice { get; init; } = new();
    public SpeechRecognitionSettings Stt { get; init; } = new();

    /// <summary>0–1: how readily the caller can talk over the agent (see <see cref="TurnTaking.BargeInOptions.FromSensitivity"/>).</summary>
    public double InterruptionSensitivity { get; init; } = 0.8;

    /// <summary>0–1: how quickly the agent takes its turn after the caller stops (1 = shortest endpointing silence).</summary>
    public double Responsiveness { get; init; } = 0.8;

    /// <summary>Hang up after this much silence from both sides; null: never.</summary>
    public int? EndCallAfterSilenceMs { get; init; }

    /// <summary>Hard limit on the call's length; null: the server default.</summary>
    public long? MaxCallDurationMs { get; init; }

    /// <summary>Silence after the agent's turn before it prompts the caller again; null: no reminders.</summary>
    public int? ReminderAfterMs { get; init; } = 10_000;

    public int MaxReminders { get; init; } = 2;

    /// <summary>Said over the agent, these do not interrupt (null: the defaults).</summary>
    public IReadOnlyList<string>? Backchannels { get; init; }

    /// <summary>Said over the agent, these always interrupt (null: the defaults).</summary>
    public IReadOnlyList<string>? InterruptPhrases { get; init; }

    public bool DtmfInterrupts { get; init; } = true;

    /// <summary>Default values for <c>{{variables}}</c>; a call's own variables override them.</summary>
    public IReadOnlyDictionary<string, string> DynamicVariables { get; init; } = new Dictionary<string, string>();

    /// <summary>Registry functions (ids or names) the agent may call, beyond the built-ins it enables.</summary>
    public IReadOnlyList<string> FunctionIds { get; init; } = [];

    /// <summary>Record both sides of the call to WAV.</summary>
    public bool RecordAudio { get; init; }
}
