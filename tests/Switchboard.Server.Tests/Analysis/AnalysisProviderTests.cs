using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Analysis;

/// <summary>Providers: Anthropic through its official SDK (a local server speaking the Messages API); a provider without a key.</summary>
public sealed class AnalysisProviderTests
{
    [Fact]
    public async Task An_anthropic_agents_call_is_analysed_through_the_messages_api()
    {
        await using var host = await AnalysisHost.StartAsync(Providers.Sqlite);
        var agentId = await host.CreateLlmAgentAsync(llmProvider: "anthropic", model: "claude-haiku-4-5");
        var callId = await host.RecordCallAsync(agentId);
        host.AnswerAnthropic("""{"summary":"A cleaning was booked.","fields":{"booked":true,"service":"cleaning","day":"Tuesday","party_size":2}}""");

        Assert.Equal(1, await host.Worker.RunOnceAsync(CancellationToken.None));

        var analysis = (await host.CallAsync(callId))["call_analysis"]!;
        Assert.True((string)analysis["status"]! == "completed", analysis.ToJsonString());
        Assert.Equal("A cleaning was booked.", (string)analysis["summary"]!);
        var request = Assert.Single(host.Llm.Requests);
        Assert.Equal("/v1/messages", request.Path);
        Assert.Equal("Bearer sk-ant-test-analysis", request.Header("Authorization"));
        Assert.NotEmpty(request.Header("anthropic-version"));
        Assert.Contains("Caller: I'd like a cleaning on Tuesday for two people.", request.Body.GetRawText());
    }

    [Fact]
    public async Task An_llm_agent_whose_provider_has_no_key_is_skipped_without_a_request()
    {
        await using var host = await AnalysisHost.StartAsync(Providers.Sqlite);
        var agentId = await host.CreateLlmAgentAsync(llmProvider: "groq", model: "llama-3.1-8b-instant");
        var callId = await host.RecordCallAsync(agentId);

        Assert.Equal(1, await host.Worker.RunOnceAsync(CancellationToken.None));

        var analysis = (await host.CallAsync(callId))["call_analysis"]!;
        Assert.Equal("skipped", (string)analysis["status"]!);
        Assert.Contains("No API key is configured for LLM provider 'groq'", (string)analysis["error"]!);
        Assert.Empty(host.Llm.Requests);
    }
}
