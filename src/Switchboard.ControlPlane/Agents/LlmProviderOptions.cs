namespace Switchboard.ControlPlane.Agents;

/// <summary>One LLM provider's endpoint and key.</summary>
public sealed class LlmProviderOptions
{
    public Uri? BaseUrl { get; set; }
    public string? ApiKey { get; set; }
}
