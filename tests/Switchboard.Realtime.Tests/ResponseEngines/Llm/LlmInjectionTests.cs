using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.ResponseEngines.Llm;
using Switchboard.Realtime.Tools;
using static Switchboard.Realtime.Tests.ResponseEngines.Llm.SseResponses;

namespace Switchboard.Realtime.Tests.ResponseEngines.Llm;

/// <summary>Lines injected into a live call reach the model: said lines as the agent's, context as a marked user-side note.</summary>
public sealed class LlmInjectionTests : IAsyncLifetime
{
    private FakeLlmServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeLlmServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Said_lines_and_context_are_in_the_next_request_in_order()
    {
        _server.Enqueue(OpenAIStream(OpenAIRole(), OpenAIText("Sure."), OpenAIFinish("stop")));
        var (engine, chat) = LlmTestKit.Engine(LlmTestKit.Call(LlmTestKit.OpenAISettings(_server)), new Switchboard.Realtime.Tools.BuiltIns.BuiltInToolRegistry(), new InMemoryToolCallJournal());
        await using var _ = engine;
        using var __ = chat;

        var said = await LlmTestKit.CollectAsync(engine.SayAsync("Your table is ready.", CancellationToken.None));
        Assert.Equal("Your table is ready.", LlmTestKit.Spoken(said));
        engine.Heard("Your table is ready.", interrupted: false);
        engine.AddContext("The caller is a VIP.");
        await LlmTestKit.CollectAsync(engine.RespondAsync(UserTurn.Speech("Thanks"), CancellationToken.None));

        var messages = Assert.Single(_server.Requests).Body.GetProperty("messages").EnumerateArray()
            .Select(m => (m.GetProperty("role").GetString(), TextOf(m.GetProperty("content")))).ToList();
        Assert.Equal(("assistant", "Your table is ready."), messages[1]);
        Assert.Equal(("user", LlmResponseEngine.ContextPrefix + "The caller is a VIP."), messages[2]);
        Assert.Equal(("user", "Thanks"), messages[3]);
    }

    [Fact]
    public async Task Empty_injections_are_refused()
    {
        var (engine, chat) = LlmTestKit.Engine(LlmTestKit.Call(LlmTestKit.OpenAISettings(_server)), new Switchboard.Realtime.Tools.BuiltIns.BuiltInToolRegistry(), new InMemoryToolCallJournal());
        await using var _ = engine;
        using var __ = chat;
        Assert.Throws<ArgumentException>(() => engine.AddContext(" "));
        Assert.Throws<ArgumentException>(() => engine.SayAsync("", CancellationToken.None));
    }
}
