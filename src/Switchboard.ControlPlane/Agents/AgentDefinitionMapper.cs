using System.Text.Json;
using Switchboard.Realtime.Sessions;

namespace Switchboard.ControlPlane.Agents;

/// <summary>
/// Turns a stored agent version (the API's <see cref="AgentConfig"/>) into what the engine runs: defaults filled,
/// the LLM provider resolved to a wire protocol, endpoint and key from configuration or the environment.
/// </summary>
internal static class AgentDefinitionMapper
{
    private static readonly Dictionary<string, (string Wire, string? BaseUrl, string KeyVariable)> Providers = new(StringComparer.Ordinal)
    {
        ["openai"] = ("openai", null, "OPENAI_API_KEY"),
        ["anthropic"] = ("anthropic", null, "ANTHROPIC_API_KEY"),
        ["groq"] = ("openai", "https://api.groq.com/openai/v1", "GROQ_API_KEY"),
        ["together"] = ("openai", "https://api.together.xyz/v1", "TOGETHER_API_KEY"),
        ["gemini"] = ("openai", "https://generativelanguage.googleapis.com/v1beta/openai/", "GEMINI_API_KEY"),
        ["ollama"] = ("openai", "http://127.0.0.1:11434/v1", "OLLAMA_API_KEY"),
        ["llama_cpp"] = ("openai", "http://127.0.0.1:8080/v1", "LLAMA_CPP_API_KEY"),
        ["openai_compatible"] = ("openai", null, "OPENAI_COMPATIBLE_API_KEY"),
    };

    /// <param name="ivrMenu">The IVR menu definition when the agent starts in one (loaded by the caller).</param>
    /// <param name="environment">Reads environment variables (a seam for tests); null: the process environment.</param>
    /// <exception cref="ArgumentException">The configuration cannot run: an unknown engine type or provider, or an
    /// OpenAI-compatible provider without a base URL.</exception>
    public static AgentDefinition Map(string agentId, int version, AgentConfig config, LlmOptions llm, JsonElement? ivrMenu = null,
        Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(llm);
        var c = config.WithDefaults();
        var engine = c.ResponseEngine ?? throw new ArgumentException("The agent has no response_engine.", nameof(config));
        var kind = engine.Type switch
        {
            "llm" => ResponseEngineKind.Llm,
            "flow" => ResponseEngineKind.Flow,
            "ivr" => ResponseEngineKind.Ivr,
            _ => throw new ArgumentException($"Unknown response_engine.type '{engine.Type}'.", nameof(config)),
        };
        return new AgentDefinition
        {
            Id = agentId,
            Version = version,
            Name = c.Name ?? agentId,
            Engine = kind,
            Llm = kind == ResponseEngineKind.Llm ? MapLlm(engine, llm, environment ?? Environment.GetEnvironmentVariable) : null,
            Flow = kind == ResponseEngineKind.Flow ? engine.Flow : null,
            IvrMenu = kind == ResponseEngineKind.Ivr ? ivrMenu : null,
            IvrMenuId = kind == ResponseEngineKind.Ivr ? engine.IvrMenuId : null,
            Voice = new VoiceSettings { Provider = c.Voice!.Provider!, VoiceId = c.Voice.VoiceId!, Speed = c.Voice.Speed ?? 1.0 },
            Stt = new SpeechRecognitionSettings { Provider = c.Stt!.Provider!, Language = c.Stt.Language!, BoostedKeywords = c.Stt.BoostedKeywords ?? [] },
            InterruptionSensitivity = c.InterruptionSensitivity!.Value,
            Responsiveness = c.Responsiveness!.Value,
            EndCallAfterSilenceMs = c.EndCallAfterSilenceMs,
            MaxCallDurationMs = c.MaxCallDurationMs,
            DynamicVariables = c.DynamicVariables!,
            FunctionIds = engine.FunctionIds ?? [],
            RecordAudio = c.RecordCalls ?? false,
        };
    }

    private static LlmSettings MapLlm(ResponseEngineConfig engine, LlmOptions options, Func<string, string?> environment)
    {
        var name = engine.Provider ?? "openai";
        if (!Providers.TryGetValue(name, out var provider))
            throw new ArgumentException($"Unknown LLM provider '{name}'; one of: {string.Join(", ", Providers.Keys)}.", nameof(engine));
        options.Providers.TryGetValue(name, out var configured);
        var baseUrl = configured?.BaseUrl ?? (provider.BaseUrl is null ? null : new Uri(provider.BaseUrl));
        if (name == "openai_compatible" && baseUrl is null)
            throw new ArgumentException("Provider 'openai_compatible' needs Llm:Providers:openai_compatible:BaseUrl in the server configuration.", nameof(engine));
        return new LlmSettings
        {
            Provider = provider.Wire,
            Model = engine.Model ?? "",
            BaseUrl = baseUrl,
            ApiKey = configured?.ApiKey ?? environment(provider.KeyVariable),
            SystemPrompt = engine.SystemPrompt ?? "",
            BeginMessage = engine.BeginMessage,
            Temperature = engine.Temperature,
        };
    }
}
