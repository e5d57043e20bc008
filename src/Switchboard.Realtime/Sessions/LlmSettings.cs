namespace Switchboard.Realtime.Sessions;

/// <summary>The model an LLM agent talks to, with its endpoint and credentials already resolved.</summary>
public sealed record LlmSettings
{
    /// <summary><c>openai</c> (any OpenAI-compatible endpoint: OpenAI, Groq, Together, Ollama, llama.cpp) or <c>anthropic</c>.</summary>
    public required string Provider { get; init; }

    public required string Model { get; init; }

    /// <summary>Endpoint override (e.g. http://127.0.0.1:11434/v1 for Ollama); null: the provider's public endpoint.</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>The API key; never logged.</summary>
    public string? ApiKey { get; init; }

    public string SystemPrompt { get; init; } = "";

    /// <summary>The agent's first words; null: wait for the caller to speak first.</summary>
    public string? BeginMessage { get; init; }

    public double? Temperature { get; init; }

    public int? MaxOutputTokens { get; init; }

    /// <summary>Token budget for the history sent per turn; null: derived from the model.</summary>
    public int? ContextTokenBudget { get; init; }

    /// <summary>How long to wait for the first token before speaking the fallback line.</summary>
    public TimeSpan FirstTokenTimeout { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Spoken when the provider fails or times out, so the caller never hears dead air.</summary>
    public string FallbackLine { get; init; } = "Sorry, I'm having trouble right now. Could you say that again?";
}
