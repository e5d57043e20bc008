using System.Text.Json;
using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Tools;
using static Switchboard.Realtime.Tests.ResponseEngines.Llm.SseResponses;

namespace Switchboard.Realtime.Tests.ResponseEngines.Llm;

/// <summary>The engine through the official Anthropic SDK against a local server speaking the Messages SSE format.</summary>
public sealed class LlmResponseEngineAnthropicTests : IAsyncLifetime
{
    private FakeLlmServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeLlmServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Plain_reply_streams_and_the_request_marks_system_prompt_and_last_tool_for_caching()
    {
        _server.Enqueue(AnthropicStream(AnthropicMessageStart(25, 1800), AnthropicTextStart(0), AnthropicPing(), AnthropicTextDelta(0, "Hello"),
            AnthropicTextDelta(0, " there."), AnthropicBlockStop(0), AnthropicMessageDelta("end_turn", 7), AnthropicMessageStop()));
        var (engine, chat) = LlmTestKit.Engine(LlmTestKit.Call(LlmTestKit.AnthropicSettings(_server)), LlmTestKit.Tools(new LookupOrderRegistry()), new InMemoryToolCallJournal());
        await using var _ = engine;
        using var __ = chat;

        var events = await LlmTestKit.CollectAsync(engine.RespondAsync(UserTurn.Speech("Hi"), CancellationToken.None));

        Assert.Equal(["Hello", " there."], events.OfType<TextDelta>().Select(d => d.Text));
        var usage = Assert.Single(events.OfType<LlmUsage>());
        Assert.Equal(("claude-test", 1800L, 7L), (usage.Model, usage.CachedInputTokens, usage.OutputTokens));
        Assert.True(usage.InputTokens >= 25, $"input tokens {usage.InputTokens}");

        var request = Assert.Single(_server.Requests);
        Assert.Equal("/v1/messages", request.Path);
        // The SDK (13.x) documents ClientOptions.ApiKey as sent in "Authorization: Bearer"; no key may leak elsewhere.
        Assert.Equal("Bearer ant-test-key", request.Header("Authorization"));
        Assert.NotEmpty(request.Header("anthropic-version"));
        Assert.Equal("claude-test", request.Body.GetProperty("model").GetString());
        Assert.True(request.Body.GetProperty("stream").GetBoolean());
        Assert.Equal(256, request.Body.GetProperty("max_tokens").GetInt32());

        var system = request.Body.GetProperty("system");
        var systemBlock = system.ValueKind == JsonValueKind.Array ? system[system.GetArrayLength() - 1] : default;
        Assert.Equal(JsonValueKind.Object, systemBlock.ValueKind);
        Assert.Equal("You are the receptionist of Acme Dental.", systemBlock.GetProperty("text").GetString());
        Assert.Equal("ephemeral", systemBlock.GetProperty("cache_control").GetProperty("type").GetString());

        var tools = request.Body.GetProperty("tools").EnumerateArray().ToList();
        Assert.Equal(["end_call", "transfer_call", "press_digit", "get_current_time", "lookup_order"], tools.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal("ephemeral", tools[^1].GetProperty("cache_control").GetProperty("type").GetString());
        Assert.All(tools[..^1], t => Assert.False(t.TryGetProperty("cache_control", out var c) && c.ValueKind != JsonValueKind.Null));
        Assert.Equal("object", tools[^1].GetProperty("input_schema").GetProperty("type").GetString());

        var message = Assert.Single(request.Body.GetProperty("messages").EnumerateArray());
        Assert.Equal(("user", "Hi"), (message.GetProperty("role").GetString(), TextOf(message.GetProperty("content"))));
    }

    [Fact]
    public async Task Tool_use_with_streamed_input_json_runs_once_and_the_tool_result_goes_back()
    {
        _server.Enqueue(AnthropicStream(AnthropicMessageStart(40, 0), AnthropicTextStart(0), AnthropicTextDelta(0, "Let me check."), AnthropicBlockStop(0),
            AnthropicToolUseStart(1, "toolu_01", "lookup_order"), AnthropicInputJsonDelta(1, ""), AnthropicInputJsonDelta(1, "{\"order_"),
            AnthropicInputJsonDelta(1, "id\": \"D4\"}"), AnthropicBlockStop(1), AnthropicMessageDelta("tool_use", 20), AnthropicMessageStop()));
        _server.Enqueue(AnthropicStream(AnthropicMessageStart(60, 40), AnthropicTextStart(0), AnthropicTextDelta(0, "It has shipped."), AnthropicBlockStop(0),
            AnthropicMessageDelta("end_turn", 5), AnthropicMessageStop()));
        var lookup = new LookupOrderRegistry();
        var (engine, chat) = LlmTestKit.Engine(LlmTestKit.Call(LlmTestKit.AnthropicSettings(_server)), LlmTestKit.Tools(lookup), new InMemoryToolCallJournal());
        await using var _ = engine;
        using var __ = chat;

        var events = await LlmTestKit.CollectAsync(engine.RespondAsync(UserTurn.Speech("Where is D4?"), CancellationToken.None));

        Assert.Equal(1, lookup.Runs);
        Assert.Equal("D4", Assert.Single(events.OfType<ToolCallStarted>()).Arguments.GetProperty("order_id").GetString());
        Assert.Equal("Let me check.It has shipped.", LlmTestKit.Spoken(events));
        Assert.Equal(40L, events.OfType<LlmUsage>().Last().CachedInputTokens);

        var messages = _server.Requests[1].Body.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["user", "assistant", "user"], messages.Select(m => m.GetProperty("role").GetString()));
        var toolUse = messages[1].GetProperty("content").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "tool_use");
        Assert.Equal(("toolu_01", "D4"), (toolUse.GetProperty("id").GetString(), toolUse.GetProperty("input").GetProperty("order_id").GetString()));
        var toolResult = messages[2].GetProperty("content").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "tool_result");
        Assert.Equal("toolu_01", toolResult.GetProperty("tool_use_id").GetString());
        Assert.Contains("shipped", ToolResultText(toolResult.GetProperty("content")), StringComparison.Ordinal);
    }

    private static string ToolResultText(JsonElement content) => TextOf(content);
}
