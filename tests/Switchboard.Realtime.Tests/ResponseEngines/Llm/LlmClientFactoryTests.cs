using Microsoft.Extensions.AI;
using Switchboard.Realtime.ResponseEngines.Llm;
using Switchboard.Realtime.Sessions;

namespace Switchboard.Realtime.Tests.ResponseEngines.Llm;

public sealed class LlmClientFactoryTests
{
    [Fact]
    public void Unknown_provider_is_refused_with_the_allowed_values()
    {
        var error = Assert.Throws<ArgumentException>(() => LlmClientFactory.Create(new LlmSettings { Provider = "gemini", Model = "m" }));
        Assert.Contains("gemini", error.Message, StringComparison.Ordinal);
        Assert.Contains("openai, anthropic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_model_is_refused() =>
        Assert.Throws<ArgumentException>(() => LlmClientFactory.Create(new LlmSettings { Provider = "openai", Model = " " }));

    [Theory]
    [InlineData("openai")]
    [InlineData("Anthropic")]
    public void Known_providers_get_a_client_with_telemetry(string provider)
    {
        using var client = LlmClientFactory.Create(new LlmSettings { Provider = provider, Model = "m", ApiKey = "k", BaseUrl = new Uri("http://127.0.0.1:9/v1") });
        Assert.NotNull(client.GetService<OpenTelemetryChatClient>());
    }

    [Fact]
    public void Engine_refuses_an_agent_without_llm_settings()
    {
        var call = new CallContext { CallId = "c", OrganizationId = "o", Agent = new AgentDefinition { Id = "a", Engine = ResponseEngineKind.Flow } };
        using var chat = LlmClientFactory.Create(new LlmSettings { Provider = "openai", Model = "m" });
        Assert.Throws<ArgumentException>(() => new LlmResponseEngine(call, chat, new Realtime.Tools.BuiltIns.BuiltInToolRegistry(), new Realtime.Tools.InMemoryToolCallJournal()));
    }
}
