using System.Text.Json;
using System.Text.RegularExpressions;
using Switchboard.Realtime.ResponseEngines.Flow;

namespace Switchboard.ControlPlane.Agents;

/// <summary>Checks a complete configuration and names every bad field, not just the first.</summary>
internal static partial class AgentValidator
{
    public static readonly IReadOnlySet<string> LlmProviders = new HashSet<string>(StringComparer.Ordinal)
        { "openai", "anthropic", "openai_compatible", "groq", "together", "ollama", "llama_cpp", "gemini" };
    public static readonly IReadOnlySet<string> VoiceProviders = new HashSet<string>(StringComparer.Ordinal)
        { "flite", "openai", "elevenlabs" };
    public static readonly IReadOnlySet<string> SttProviders = new HashSet<string>(StringComparer.Ordinal)
        { "pocketsphinx", "deepgram", "openai" };
    private static readonly HashSet<string> AnalysisTypes = new HashSet<string>(StringComparer.Ordinal)
        { "string", "number", "boolean", "enum" };

    private const string FlowPrefix = "response_engine.flow.";

    /// <summary>
    /// 422 when the only problems are inside a well-formed flow graph (dangling edges, loops, bad regexes): the request
    /// was understood but describes a conversation that cannot run. Anything else is a bad field: 400.
    /// </summary>
    public static int StatusFor(IReadOnlyDictionary<string, string[]> errors) =>
        errors.Count > 0 && errors.Keys.All(k => k.StartsWith(FlowPrefix, StringComparison.Ordinal)) ? 422 : 400;

    public static Dictionary<string, string[]> Validate(AgentConfig c)
    {
        var errors = new Errors();

        if (string.IsNullOrWhiteSpace(c.Name)) errors.Add("name", "name is required.");
        else if (c.Name.Length > 200) errors.Add("name", "name must be at most 200 characters.");

        ValidateEngine(c.ResponseEngine, errors);

        if (c.Voice is { } voice)
        {
            if (voice.Provider is not null && !VoiceProviders.Contains(voice.Provider))
                errors.Add("voice.provider", "voice.provider must be one of: " + string.Join(", ", VoiceProviders) + ".");
            if (voice.VoiceId is { Length: 0 or > 200 }) errors.Add("voice.voice_id", "voice.voice_id must be 1 to 200 characters.");
            if (voice.Speed is { } speed && (speed < 0.5 || speed > 2.0 || double.IsNaN(speed)))
                errors.Add("voice.speed", "voice.speed must be between 0.5 and 2.0.");
        }

        if (c.Stt is { } stt)
        {
            if (stt.Provider is not null && !SttProviders.Contains(stt.Provider))
                errors.Add("stt.provider", "stt.provider must be one of: " + string.Join(", ", SttProviders) + ".");
            if (stt.Language is not null && !LanguageTag().IsMatch(stt.Language))
                errors.Add("stt.language", "stt.language must be a BCP 47 tag such as en-US.");
            if (stt.BoostedKeywords is { } words)
            {
                if (words.Count > 100) errors.Add("stt.boosted_keywords", "At most 100 boosted keywords.");
                for (var i = 0; i < words.Count; i++)
                {
                    if (string.IsNullOrWhiteSpace(words[i]) || words[i].Length > 100)
                        errors.Add($"stt.boosted_keywords[{i}]", "A boosted keyword must be 1 to 100 characters.");
                }
            }
        }

        Range(errors, "interruption_sensitivity", c.InterruptionSensitivity, 0, 1);
        Range(errors, "responsiveness", c.Responsiveness, 0, 1);
        if (c.EndCallAfterSilenceMs is < 5_000 or > 3_600_000)
            errors.Add("end_call_after_silence_ms", "end_call_after_silence_ms must be between 5000 and 3600000.");
        if (c.MaxCallDurationMs is < 60_000 or > 14_400_000)
            errors.Add("max_call_duration_ms", "max_call_duration_ms must be between 60000 (1 min) and 14400000 (4 h).");

        if (c.WebhookUrl is not null
            && (!Uri.TryCreate(c.WebhookUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || c.WebhookUrl.Length > 2000))
            errors.Add("webhook_url", "webhook_url must be an absolute http(s) URL of at most 2000 characters.");

        ValidateAnalysis(c.PostCallAnalysis, errors);

        if (c.Metadata is { } metadata)
        {
            if (metadata.ValueKind != JsonValueKind.Object) errors.Add("metadata", "metadata must be a JSON object.");
            else if (metadata.GetRawText().Length > 16_384) errors.Add("metadata", "metadata must be at most 16 KB.");
        }

        if (c.DynamicVariables is { } vars)
        {
            if (vars.Count > 100) errors.Add("dynamic_variables", "At most 100 dynamic variables.");
            foreach (var (name, value) in vars)
            {
                if (!Identifier().IsMatch(name))
                    errors.Add($"dynamic_variables.{name}", "A variable name is letters, digits and _ (starting with a letter), at most 64 characters.");
                if (value is null || value.Length > 4000)
                    errors.Add($"dynamic_variables.{name}", "A default value is a string of at most 4000 characters.");
            }
        }

        return errors.ToDictionary();
    }

    private static void ValidateEngine(ResponseEngineConfig? engine, Errors errors)
    {
        if (engine is null)
        {
            errors.Add("response_engine", "response_engine is required: { \"type\": \"llm\" | \"flow\" | \"ivr\", ... }.");
            return;
        }

        void NotFor(string field, object? value)
        {
            if (value is not null) errors.Add("response_engine." + field, $"{field} does not apply to response_engine.type '{engine.Type}'.");
        }

        switch (engine.Type)
        {
            case "llm":
                if (engine.Provider is not null && !LlmProviders.Contains(engine.Provider))
                    errors.Add("response_engine.provider", "provider must be one of: " + string.Join(", ", LlmProviders) + ".");
                if (string.IsNullOrWhiteSpace(engine.Model)) errors.Add("response_engine.model", "model is required for an llm engine.");
                else if (engine.Model.Length > 200) errors.Add("response_engine.model", "model must be at most 200 characters.");
                if (engine.SystemPrompt is { Length: > 100_000 }) errors.Add("response_engine.system_prompt", "system_prompt must be at most 100000 characters.");
                if (engine.BeginMessage is { Length: > 5_000 }) errors.Add("response_engine.begin_message", "begin_message must be at most 5000 characters.");
                Range(errors, "response_engine.temperature", engine.Temperature, 0, 2);
                if (engine.FunctionIds is { } ids)
                {
                    if (ids.Count > 64) errors.Add("response_engine.function_ids", "At most 64 functions.");
                    if (ids.Any(string.IsNullOrWhiteSpace)) errors.Add("response_engine.function_ids", "function_ids must not contain empty ids.");
                }
                NotFor("flow", engine.Flow);
                NotFor("ivr_menu_id", engine.IvrMenuId);
                break;
            case "flow":
                if (engine.Flow is not { ValueKind: JsonValueKind.Object } flow)
                    errors.Add("response_engine.flow", "flow is required for a flow engine and must be a JSON object.");
                else
                {
                    // A flow agent may name a model only to evaluate llm_condition branches.
                    foreach (var error in FlowValidator.Validate(flow, llmAvailable: !string.IsNullOrWhiteSpace(engine.Model)))
                        errors.Add(error.Path.Length == 0 ? FlowPrefix[..^1] : FlowPrefix + error.Path, error.Message);
                }
                NotFor("ivr_menu_id", engine.IvrMenuId);
                NotFor("function_ids", engine.FunctionIds);
                break;
            case "ivr":
                if (string.IsNullOrWhiteSpace(engine.IvrMenuId)) errors.Add("response_engine.ivr_menu_id", "ivr_menu_id is required for an ivr engine.");
                NotFor("model", engine.Model);
                NotFor("system_prompt", engine.SystemPrompt);
                NotFor("flow", engine.Flow);
                NotFor("function_ids", engine.FunctionIds);
                break;
            default:
                errors.Add("response_engine.type", "type must be 'llm', 'flow' or 'ivr'.");
                break;
        }
    }

    private static void ValidateAnalysis(IReadOnlyList<PostCallAnalysisField>? fields, Errors errors)
    {
        if (fields is null) return;
        if (fields.Count > 50) errors.Add("post_call_analysis", "At most 50 analysis fields.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            var at = $"post_call_analysis[{i}]";
            if (f is null) { errors.Add(at, "An analysis field must be an object."); continue; }
            if (f.Name is null || !Identifier().IsMatch(f.Name)) errors.Add(at + ".name", "name is an identifier (letters, digits, _), at most 64 characters.");
            else if (!seen.Add(f.Name)) errors.Add(at + ".name", $"Duplicate analysis field '{f.Name}'.");
            if (f.Type is null || !AnalysisTypes.Contains(f.Type)) errors.Add(at + ".type", "type must be string, number, boolean or enum.");
            if (f.Description is { Length: > 2000 }) errors.Add(at + ".description", "description must be at most 2000 characters.");
            if (f.Type == "enum" && (f.Choices is null || f.Choices.Count == 0)) errors.Add(at + ".choices", "An enum field needs choices.");
            if (f.Type != "enum" && f.Choices is not null) errors.Add(at + ".choices", "choices apply only to enum fields.");
        }
    }

    private static void Range(Errors errors, string field, double? value, double min, double max)
    {
        if (value is { } v && (double.IsNaN(v) || v < min || v > max))
            errors.Add(field, $"{field} must be between {min} and {max}.");
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$")]
    private static partial Regex Identifier();

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();

    private sealed class Errors
    {
        private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

        public void Add(string field, string message)
        {
            if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
            list.Add(message);
        }

        public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }
}
