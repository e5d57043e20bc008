using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Tools;
using static Switchboard.Realtime.Tests.ResponseEngines.Llm.SseResponses;

namespace Switchboard.Realtime.Tests.ResponseEngines.Llm;

/// <summary>After a transfer that did not happen, the model is told why and answers the caller, who is still there.</summary>
public sealed class LlmTransferFailureTests : IAsyncLifetime
{
    private FakeLlmServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeLlmServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_model_gets_a_note_with_the_outcome_and_its_answer_is_spoken()
    {
        _server.Enqueue(OpenAIStream(OpenAIRole(), OpenAIText("Sorry, nobody picked up. Can I take a message?"), OpenAIFinish("stop")));
        var (engine, chat) = LlmTestKit.Engine(LlmTestKit.Call(LlmTestKit.OpenAISettings(_server)), new Switchboard.Realtime.Tools.BuiltIns.BuiltInToolRegistry(), new InMemoryToolCallJournal());
        await using var _ = engine;
        using var __ = chat;

        var events = await LlmTestKit.CollectAsync(engine.TransferFailedAsync(
            new TransferFailure("+14155550100", "warm", "no_answer", "Nobody answered within 30 s."), CancellationToken.None));

        Assert.Equal("Sorry, nobody picked up. Can I take a message?", LlmTestKit.Spoken(events));
        var last = Assert.Single(_server.Requests).Body.GetProperty("messages").EnumerateArray().Last();
        Assert.Equal("user", last.GetProperty("role").GetString());
        var note = TextOf(last.GetProperty("content"));
        Assert.Contains("+14155550100", note, StringComparison.Ordinal);
        Assert.Contains("nobody answered", note, StringComparison.Ordinal);
        Assert.Contains("still on the line", note, StringComparison.Ordinal);
    }
}
