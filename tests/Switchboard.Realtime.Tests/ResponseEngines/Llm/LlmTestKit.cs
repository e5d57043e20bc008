using Microsoft.Extensions.AI;
using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.ResponseEngines.Llm;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Tools;
using Switchboard.Realtime.Tools.BuiltIns;

namespace Switchboard.Realtime.Tests.ResponseEngines.Llm;

/// <summary>Builds engines wired to a <see cref="FakeLlmServer"/> through the real SDK clients.</summary>
internal static class LlmTestKit
{
    public const string CallId = "call-1";

    public static LlmSettings OpenAISettings(FakeLlmServer server) => new()
    {
        Provider = "openai",
        Model = "gpt-test",
        BaseUrl = new Uri(server.BaseUri, "/v1"),
        ApiKey = "sk-test-key",
        SystemPrompt = "You are the receptionist of {{clinic}}. The caller is {{first_name}}.",
    };

    public static LlmSettings AnthropicSettings(FakeLlmServer server) => new()
    {
        Provider = "anthropic",
        Model = "claude-test",
        BaseUrl = server.BaseUri,
        ApiKey = "ant-test-key",
        MaxOutputTokens = 256,
        SystemPrompt = "You are the receptionist of {{clinic}}.",
    };

    public static CallContext Call(LlmSettings settings, TimeProvider? time = null, IReadOnlyDictionary<string, string>? variables = null) => new()
    {
        CallId = CallId,
        OrganizationId = "org-1",
        Agent = new AgentDefinition { Id = "agent-1", Engine = ResponseEngineKind.Llm, Llm = settings },
        Variables = variables ?? new Dictionary<string, string> { ["clinic"] = "Acme Dental" },
        Time = time ?? TimeProvider.System,
    };

    public static (LlmResponseEngine Engine, IChatClient Chat) Engine(CallContext call, IToolRegistry tools, IToolCallJournal journal)
    {
        var chat = LlmClientFactory.Create(call.Agent.Llm!);
        return (new LlmResponseEngine(call, chat, tools, journal), chat);
    }

    public static IToolRegistry Tools(LookupOrderRegistry lookup) => new CompositeToolRegistry(new BuiltInToolRegistry(), lookup);

    public static async Task<List<ResponseEvent>> CollectAsync(IAsyncEnumerable<ResponseEvent> events)
    {
        var list = new List<ResponseEvent>();
        await foreach (var e in events) list.Add(e);
        return list;
    }

    public static string Spoken(IEnumerable<ResponseEvent> events) => string.Concat(events.OfType<TextDelta>().Select(d => d.Text));
}
