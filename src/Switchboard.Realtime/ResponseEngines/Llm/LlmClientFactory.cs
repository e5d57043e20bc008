using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Chat;
using Switchboard.Realtime.Sessions;

namespace Switchboard.Realtime.ResponseEngines.Llm;

/// <summary>
/// Builds the <see cref="IChatClient"/> an LLM agent talks to from its <see cref="LlmSettings"/>: any OpenAI-compatible
/// endpoint through the official OpenAI SDK, or Anthropic through its official SDK, wrapped in OpenTelemetry.
/// </summary>
/// <remarks>
/// <para>Thread-safe. The caller owns the returned client (dispose it when the agent is no longer served); one client can
/// serve every call of an agent version.</para>
/// <para>Function invocation middleware (<c>UseFunctionInvocation</c>) is deliberately not added: <see cref="LlmResponseEngine"/>
/// runs the tool loop itself, because every call has to be journaled before it runs, has to run on the call's lifetime
/// rather than the response's (a barge-in must not kill a running tool), and has to surface as
/// <see cref="ToolCallStarted"/>/<see cref="ToolCallCompleted"/>/<see cref="CallAction"/> events in stream order between
/// the text deltas — none of which FunctionInvokingChatClient's loop exposes mid-stream.</para>
/// <para>SDK retries are turned off: on a live call a retry with backoff is dead air; the engine speaks its fallback line
/// instead and the caller's next turn is the retry.</para>
/// </remarks>
public static class LlmClientFactory
{
    /// <summary>Provider name for any OpenAI-compatible endpoint (OpenAI, Groq, Together, Ollama, llama.cpp).</summary>
    public const string OpenAIProvider = "openai";

    /// <summary>Provider name for Anthropic's Messages API.</summary>
    public const string AnthropicProvider = "anthropic";

    /// <summary>The ActivitySource / Meter name the OpenTelemetry middleware reports under.</summary>
    public const string TelemetrySourceName = "Switchboard.Realtime.Llm";

    /// <summary>The provider names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Providers { get; } = [OpenAIProvider, AnthropicProvider];

    /// <summary>Creates the chat client for <paramref name="settings"/>.</summary>
    /// <param name="settings">The agent's model settings. For <c>openai</c>, <see cref="LlmSettings.BaseUrl"/> includes the
    /// version segment (<c>http://127.0.0.1:11434/v1</c>); for <c>anthropic</c> it is the host root (<c>https://api.anthropic.com</c>).</param>
    /// <param name="loggerFactory">Optional, for the telemetry middleware's logs.</param>
    /// <exception cref="ArgumentException">Unknown provider, or no model.</exception>
    public static IChatClient Create(LlmSettings settings, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(settings.Model))
            throw new ArgumentException("LlmSettings.Model is required.", nameof(settings));
        var provider = settings.Provider?.Trim().ToLowerInvariant();
        var inner = provider switch
        {
            OpenAIProvider => CreateOpenAI(settings),
            AnthropicProvider => CreateAnthropic(settings),
            _ => throw new ArgumentException(
                $"Unknown LLM provider '{settings.Provider}'; allowed values: {string.Join(", ", Providers)}.", nameof(settings)),
        };

        // Prompts and transcripts are call content: never put them on spans (ARCHITECTURE.md §9.9).
        return inner.AsBuilder()
            .UseOpenTelemetry(loggerFactory, TelemetrySourceName, otel => otel.EnableSensitiveData = false)
            .Build();
    }

    private static IChatClient CreateOpenAI(LlmSettings settings)
    {
        var options = new OpenAIClientOptions { RetryPolicy = new ClientRetryPolicy(maxRetries: 0) };
        if (settings.BaseUrl is not null) options.Endpoint = settings.BaseUrl;

        // Local servers (Ollama, llama.cpp) need no key, but the SDK refuses an empty credential.
        var key = string.IsNullOrEmpty(settings.ApiKey) ? "no-key" : settings.ApiKey;
        return new ChatClient(settings.Model, new ApiKeyCredential(key), options).AsIChatClient();
    }

    private static IChatClient CreateAnthropic(LlmSettings settings)
    {
        var client = settings.BaseUrl is null
            ? new AnthropicClient { ApiKey = settings.ApiKey, MaxRetries = 0 }
            : new AnthropicClient { ApiKey = settings.ApiKey, MaxRetries = 0, BaseUrl = settings.BaseUrl.ToString().TrimEnd('/') };
        return client.AsIChatClient(settings.Model, settings.MaxOutputTokens);
    }
}
