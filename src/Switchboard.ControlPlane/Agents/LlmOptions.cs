namespace Switchboard.ControlPlane.Agents;

/// <summary>
/// Where each LLM provider is reached, section <c>Llm</c>: <c>Llm:Providers:openai:BaseUrl</c>, <c>...:ApiKey</c>.
/// Without a configured key, the standard environment variables (<c>OPENAI_API_KEY</c>, <c>ANTHROPIC_API_KEY</c>, ...)
/// are used. Agents name only the provider and model, so keys never live in agent versions.
/// </summary>
public sealed class LlmOptions
{
    public const string Section = "Llm";

    public Dictionary<string, LlmProviderOptions> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
