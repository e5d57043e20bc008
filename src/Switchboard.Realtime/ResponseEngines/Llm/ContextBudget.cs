namespace Switchboard.Realtime.ResponseEngines.Llm;

/// <summary>How many (estimated) tokens of prompt an agent may send per request.</summary>
internal static class ContextBudget
{
    /// <summary>Small local models (Ollama, llama.cpp) often run with an 8k window.</summary>
    public const int SmallModelBudget = 8_000;

    /// <summary>
    /// Hosted models take far more, but a phone conversation rarely needs it and every token costs latency: 16k keeps
    /// an hour-long call's recent turns while bounding time to first token.
    /// </summary>
    public const int DefaultBudget = 16_000;

    /// <summary>The lowest budget accepted: below it not even a system prompt and one turn fit.</summary>
    public const int MinimumBudget = 256;

    public static int For(Sessions.LlmSettings settings)
    {
        if (settings.ContextTokenBudget is { } explicitBudget) return Math.Max(explicitBudget, MinimumBudget);
        var model = settings.Model.ToLowerInvariant();
        string[] smallFamilies = ["llama", "qwen", "mistral", "phi", "gemma", "tinyllama", "smollm"];
        foreach (var family in smallFamilies)
        {
            if (model.Contains(family, StringComparison.Ordinal)) return SmallModelBudget;
        }
        return DefaultBudget;
    }
}
