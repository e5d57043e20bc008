using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Tools;
using static Switchboard.Realtime.Tests.ResponseEngines.Llm.SseResponses;

namespace Switchboard.Realtime.Tests.ResponseEngines.Llm;

/// <summary>The engine through the real OpenAI SDK against a local server speaking the Chat Completions SSE format.</summary>
public sealed class LlmResponseEngineOpenAITests : IAsyncLifetime
{
    private FakeLlmServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeLlmServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Plain_reply_is_streamed_as_deltas_with_usage_and_the_request_carries_model_messages_tools_and_key()
    {
        _server.Enqueue(OpenAIStream(OpenAIRole(), OpenAIText("Hello"), OpenAIText(" there."), OpenAIFinish("stop"), OpenAIUsage(100, 10, 64)));
        var lookup = new LookupOrderRegistry();
        var (engine, chat) = LlmTestKit.Engine(LlmTestKit.Call(LlmTestKit.OpenAISettings(_server)), LlmTestKit.Tools(lookup), new InMemoryToolCallJournal());
        await using var _ = engine;
        using var __ = chat;

        var events = await LlmTestKit.CollectAsync(engine.RespondAsync(UserTurn.Speech("Hi"), CancellationToken.None));

        Assert.Equal(["Hello", " there."], events.OfType<TextDelta>().Select(d => d.Text));
        var usage = Assert.Single(events.OfType<LlmUsage>());
        Assert.Equal(("gpt-test", 100L, 10L, 64L), (usage.Model, usage.InputTokens, usage.OutputTokens, usage.CachedInputTokens));
        Assert.NotNull(usage.TimeToFirstToken);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer sk-test-key", request.Header("Authorization"));
        Assert.Equal("gpt-test", request.Body.GetProperty("model").GetString());
        Assert.True(request.Body.GetProperty("stream").GetBoolean());
        // Without include_usage OpenAI sends no usage chunk, and cached tokens could not be recorded.
        Assert.True(request.Body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean(), request.Body.ToString());
        var messages = request.Body.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        // Known variables are filled in; unknown ones stay visible to the model.
        Assert.Equal("You are the receptionist of Acme Dental. The caller is {{first_name}}.", TextOf(messages[0].GetProperty("content")));
        Assert.Equal("user", messages[1].GetProperty("role").GetString());
        Assert.Equal("Hi", TextOf(messages[1].GetProperty("content")));
        var tools = request.Body.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal(["end_call", "transfer_call", "press_digit", "get_current_time", "lookup_order"], tools);
    }

    [Fact]
    public async Task Tool_call_runs_once_and_its_result_goes_to_the_second_request_before_the_reply()
    {
        _server.Enqueue(OpenAIToolCall("call_abc", "lookup_order", """{"order_id":"A17"}"""));
        _server.Enqueue(OpenAIReply("Your order ", "has shipped."));
        var lookup = new LookupOrderRegistry();
        var journal = new InMemoryToolCallJournal();
        var (engine, chat) = LlmTestKit.Engine(LlmTestKit.Call(LlmTestKit.OpenAISettings(_server)), LlmTestKit.Tools(lookup), journal);
        await using var _ = engine;
        using var __ = chat;

        var events = await LlmTestKit.CollectAsync(engine.RespondAsync(UserTurn.Speech("Where is order A17?"), CancellationToken.None));

        Assert.Equal(1, lookup.Runs);
        var started = Assert.Single(events.OfType<ToolCallStarted>());
        Assert.Equal(("call-1:call_abc", "lookup_order", "A17"), (started.IdempotencyKey, started.Name, started.Arguments.GetProperty("order_id").GetString()));
        var completed = Assert.Single(events.OfType<ToolCallCompleted>());
        Assert.False(completed.IsError);
        Assert.Contains("shipped", completed.Result, StringComparison.Ordinal);
        Assert.True(events.IndexOf(started) < events.IndexOf(completed));
        Assert.True(events.IndexOf(completed) < events.FindIndex(e => e is TextDelta));
        Assert.Equal("Your order has shipped.", LlmTestKit.Spoken(events));
        Assert.Equal(2, events.OfType<LlmUsage>().Count());
        Assert.NotNull(journal.Find("call-1:call_abc")?.Result);

        Assert.Equal(2, _server.Requests.Count);
        var messages = _server.Requests[1].Body.GetProperty("messages").EnumerateArray().ToList();
        var assistant = messages.Single(m => m.GetProperty("role").GetString() == "assistant");
        var toolCall = assistant.GetProperty("tool_calls")[0];
        Assert.Equal("call_abc", toolCall.GetProperty("id").GetString());
        Assert.Equal("lookup_order", toolCall.GetProperty("function").GetProperty("name").GetString());
        using var arguments = JsonDocument.Parse(toolCall.GetProperty("function").GetProperty("arguments").GetString()!);
        Assert.Equal("A17", arguments.RootElement.GetProperty("order_id").GetString());
        var toolMessage = messages.Single(m => m.GetProperty("role").GetString() == "tool");
        Assert.Equal("call_abc", toolMessage.GetProperty("tool_call_id").GetString());
        Assert.Contains("shipped", TextOf(toolMessage.GetProperty("content")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task End_call_is_yielded_after_the_goodbye_and_the_model_is_not_asked_again()
    {
        _server.Enqueue(OpenAIStream(OpenAIRole(), OpenAIText("Goodbye!"), OpenAIToolCallStart(0, "call_end", "end_call"),
            OpenAIToolCallArguments(0, """{"reason":"caller_done"}"""), OpenAIFinish("tool_calls"), OpenAIUsage(90, 9, 0)));
        var (engine, chat) = LlmTestKit.Engine(LlmTestKit.Call(LlmTestKit.OpenAISettings(_server)), LlmTestKit.Tools(new LookupOrderRegistry()), new InMemoryToolCallJournal());
        await using var _ = engine;
        using var __ = chat;

        var events = await LlmTestKit.CollectAsync(engine.RespondAsync(UserTurn.Speech("That's all, bye."), CancellationToken.None));

        var action = Assert.IsType<CallAction>(events[^1]);
        Assert.Equal((CallActionKind.EndCall, "caller_done"), (action.Kind, action.Reason));
        Assert.True(events.FindIndex(e => e is TextDelta) < events.Count - 1);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Interruption_while_a_tool_runs_does_not_cancel_it_and_its_result_is_in_the_next_request()
    {
        _server.Enqueue(OpenAIToolCall("call_slow", "lookup_order", """{"order_id":"B2"}"""));
        _server.Enqueue(OpenAIReply("It shipped."));
        var lookup = new LookupOrderRegistry { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var journal = new InMemoryToolCallJournal();
        var (engine, chat) = LlmTestKit.Engine(LlmTestKit.Call(LlmTestKit.OpenAISettings(_server)), LlmTestKit.Tools(lookup), journal);
        await using var _ = engine;
        using var __ = chat;
        using var response = new CancellationTokenSource();

        var first = new List<ResponseEvent>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var e in engine.RespondAsync(UserTurn.Speech("Where is B2?"), response.Token))
            {
                first.Add(e);
                if (e is ToolCallStarted)
                {
                    await lookup.Started.Task;
                    await response.CancelAsync(); // the caller barges in while the tool runs
                }
            }
        });

        Assert.Single(first.OfType<ToolCallStarted>());
        Assert.Empty(first.OfType<ToolCallCompleted>());
        Assert.False(lookup.LastToken.IsCancellationRequested);
        lookup.Gate.SetResult();

        var second = await LlmTestKit.CollectAsync(engine.RespondAsync(UserTurn.Speech("Hello?"), CancellationToken.None));

        Assert.Equal(1, lookup.Runs);
        var completed = Assert.IsType<ToolCallCompleted>(second[0]);
        Assert.Equal("call-1:call_slow", completed.IdempotencyKey);
        Assert.Equal("It shipped.", LlmTestKit.Spoken(second));
        Assert.NotNull(journal.Find("call-1:call_slow")?.Result);
        var messages = _server.Requests[1].Body.GetProperty("messages").EnumerateArray().ToList();
        var roles = messages.Select(m => m.GetProperty("role").GetString()).ToList();
        Assert.Equal(["system", "user", "assistant", "tool", "user"], roles);
        Assert.Equal("call_slow", messages[3].GetProperty("tool_call_id").GetString());
        Assert.Contains("shipped", TextOf(messages[3].GetProperty("content")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interruption_mid_stream_keeps_only_the_heard_words_in_the_next_request()
    {
        _server.Enqueue(OpenAIThenStall(OpenAIRole(), OpenAIText("Let me explain how"), OpenAIText(" the billing works")));
        _server.Enqueue(OpenAIReply("Sure."));
        var (engine, chat) = LlmTestKit.Engine(LlmTestKit.Call(LlmTestKit.OpenAISettings(_server)), LlmTestKit.Tools(new LookupOrderRegistry()), new InMemoryToolCallJournal());
        await using var _ = engine;
        using var __ = chat;
        using var response = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var e in engine.RespondAsync(UserTurn.Speech("Why is my bill high?"), response.Token))
            {
                if (e is TextDelta { Text: " the billing works" }) await response.CancelAsync();
            }
        });
        engine.Heard("Let me explain", interrupted: true);

        await LlmTestKit.CollectAsync(engine.RespondAsync(UserTurn.Speech("Wait, just tell me the total."), CancellationToken.None));

        var messages = _server.Requests[1].Body.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal("assistant", messages[2].GetProperty("role").GetString());
        Assert.Equal("Let me explain", TextOf(messages[2].GetProperty("content")));
        Assert.Equal("Wait, just tell me the total.", TextOf(messages[3].GetProperty("content")));
    }

    [Fact]
    public async Task Heard_truncates_a_completed_reply_in_the_next_request()
    {
        _server.Enqueue(OpenAIReply("Your appointment is on Monday.", " Anything else I can do?"));
        _server.Enqueue(OpenAIReply("Okay."));
        var (engine, chat) = LlmTestKit.Engine(LlmTestKit.Call(LlmTestKit.OpenAISettings(_server)), LlmTestKit.Tools(new LookupOrderRegistry()), new InMemoryToolCallJournal());
        await using var _ = engine;
        using var __ = chat;

        await LlmTestKit.CollectAsync(engine.RespondAsync(UserTurn.Speech("When is my appointment?"), CancellationToken.None));
        engine.Heard("Your appointment is on Monday.", interrupted: true);
        await LlmTestKit.CollectAsync(engine.RespondAsync(UserTurn.Speech("Thanks."), CancellationToken.None));

        var messages = _server.Requests[1].Body.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal("Your appointment is on Monday.", TextOf(messages[2].GetProperty("content")));
    }

    [Fact]
    public async Task Provider_error_speaks_the_fallback_line_and_reports_the_failure()
    {
        _server.Enqueue(Status(500, """{"error":{"message":"boom","type":"server_error"}}"""));
        var settings = LlmTestKit.OpenAISettings(_server) with { FallbackLine = "Sorry, one moment please." };
        var (engine, chat) = LlmTestKit.Engine(LlmTestKit.Call(settings), LlmTestKit.Tools(new LookupOrderRegistry()), new InMemoryToolCallJournal());
        await using var _ = engine;
        using var __ = chat;

        var events = await LlmTestKit.CollectAsync(engine.RespondAsync(UserTurn.Speech("Hi"), CancellationToken.None));

        Assert.Equal(2, events.Count);
        Assert.Equal(new TextDelta("Sorry, one moment please."), events[0]);
        Assert.Equal("provider_error", Assert.IsType<ResponseFailed>(events[1]).Code);
        Assert.Single(_server.Requests); // no retry: a retry with backoff is dead air
    }

    [Fact]
    public async Task First_token_timeout_on_virtual_time_speaks_the_fallback_line()
    {
        _server.Enqueue(Silent());
        var time = new FakeTimeProvider();
        var settings = LlmTestKit.OpenAISettings(_server) with { FirstTokenTimeout = TimeSpan.FromSeconds(8) };
        var (engine, chat) = LlmTestKit.Engine(LlmTestKit.Call(settings, time), LlmTestKit.Tools(new LookupOrderRegistry()), new InMemoryToolCallJournal());
        await using var _ = engine;
        using var __ = chat;

        var responding = LlmTestKit.CollectAsync(engine.RespondAsync(UserTurn.Speech("Hi"), CancellationToken.None));
        await _server.NextArrivalAsync();
        time.Advance(TimeSpan.FromSeconds(7));
        Assert.False(responding.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));
        var events = await responding;

        Assert.Equal(settings.FallbackLine, Assert.IsType<TextDelta>(events[0]).Text);
        Assert.Equal("first_token_timeout", Assert.IsType<ResponseFailed>(events[1]).Code);
    }

    [Fact]
    public async Task A_journaled_idempotency_key_is_not_run_again_and_the_stored_result_reaches_the_model()
    {
        var lookup = new LookupOrderRegistry();
        var journal = new InMemoryToolCallJournal();
        var call = LlmTestKit.Call(LlmTestKit.OpenAISettings(_server));
        using var arguments = JsonDocument.Parse("""{"order_id":"C3"}""");
        var earlier = new ToolInvocation(call, "call-1:call_dup", "lookup_order", arguments.RootElement.Clone());
        await journal.BeginAsync(earlier, CancellationToken.None);
        await journal.CompleteAsync(earlier, new ToolResult("""{"status":"stored earlier"}"""), TimeSpan.FromMilliseconds(5), CancellationToken.None);
        _server.Enqueue(OpenAIToolCall("call_dup", "lookup_order", """{"order_id":"C3"}"""));
        _server.Enqueue(OpenAIReply("Done."));
        var (engine, chat) = LlmTestKit.Engine(call, LlmTestKit.Tools(lookup), journal);
        await using var _ = engine;
        using var __ = chat;

        var events = await LlmTestKit.CollectAsync(engine.RespondAsync(UserTurn.Speech("Status of C3?"), CancellationToken.None));

        Assert.Equal(0, lookup.Runs);
        Assert.Empty(events.OfType<ToolCallStarted>());
        Assert.Contains("stored earlier", Assert.Single(events.OfType<ToolCallCompleted>()).Result, StringComparison.Ordinal);
        var toolMessage = _server.Requests[1].Body.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "tool");
        Assert.Contains("stored earlier", TextOf(toolMessage.GetProperty("content")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Begin_message_and_system_prompt_get_the_call_variables()
    {
        _server.Enqueue(OpenAIReply("Of course."));
        var settings = LlmTestKit.OpenAISettings(_server) with { BeginMessage = "Hi {{first_name}}, welcome to {{clinic}}!{{unknown}}" };
        var variables = new Dictionary<string, string> { ["clinic"] = "Acme Dental", ["first_name"] = "Ada" };
        var (engine, chat) = LlmTestKit.Engine(LlmTestKit.Call(settings, variables: variables), LlmTestKit.Tools(new LookupOrderRegistry()), new InMemoryToolCallJournal());
        await using var _ = engine;
        using var __ = chat;

        var opening = await LlmTestKit.CollectAsync(engine.StartAsync(CancellationToken.None));
        engine.Heard("Hi Ada, welcome to Acme Dental!", interrupted: false);
        await LlmTestKit.CollectAsync(engine.RespondAsync(UserTurn.Speech("I need a cleaning."), CancellationToken.None));

        Assert.Equal([new TextDelta("Hi Ada, welcome to Acme Dental!")], opening);
        var messages = _server.Requests[0].Body.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal("You are the receptionist of Acme Dental. The caller is Ada.", TextOf(messages[0].GetProperty("content")));
        Assert.Equal(("assistant", "Hi Ada, welcome to Acme Dental!"), (messages[1].GetProperty("role").GetString(), TextOf(messages[1].GetProperty("content"))));
    }

    [Fact]
    public async Task No_input_prompts_with_a_fixed_line_without_asking_the_model()
    {
        var (engine, chat) = LlmTestKit.Engine(LlmTestKit.Call(LlmTestKit.OpenAISettings(_server)), LlmTestKit.Tools(new LookupOrderRegistry()), new InMemoryToolCallJournal());
        await using var _ = engine;
        using var __ = chat;

        var first = await LlmTestKit.CollectAsync(engine.NoInputAsync(1, CancellationToken.None));
        var third = await LlmTestKit.CollectAsync(engine.NoInputAsync(3, CancellationToken.None));

        Assert.Equal([new TextDelta("Are you still there?")], first);
        Assert.Equal([new TextDelta("I'm still here whenever you're ready.")], third);
        Assert.Empty(_server.Requests);
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.NoInputAsync(0, CancellationToken.None));
    }

    [Fact]
    public async Task History_is_kept_within_the_context_budget_by_dropping_the_oldest_turn()
    {
        var settings = LlmTestKit.OpenAISettings(_server) with { ContextTokenBudget = 300, SystemPrompt = "Be brief." };
        var (engine, chat) = LlmTestKit.Engine(LlmTestKit.Call(settings), new Realtime.Tools.BuiltIns.BuiltInToolRegistry([]), new InMemoryToolCallJournal());
        await using var _ = engine;
        using var __ = chat;
        var filler = new string('z', 400); // about 100 estimated tokens per turn

        for (var turn = 1; turn <= 3; turn++)
        {
            _server.Enqueue(OpenAIReply("OK."));
            await LlmTestKit.CollectAsync(engine.RespondAsync(UserTurn.Speech($"turn {turn} {filler}"), CancellationToken.None));
        }

        var second = _server.Requests[1].Body.GetProperty("messages").EnumerateArray().Select(m => TextOf(m.GetProperty("content"))).ToList();
        var third = _server.Requests[2].Body.GetProperty("messages").EnumerateArray().Select(m => TextOf(m.GetProperty("content"))).ToList();
        Assert.Contains(second, t => t.StartsWith("turn 1", StringComparison.Ordinal));
        Assert.Equal("Be brief.", third[0]);
        Assert.DoesNotContain(third, t => t.StartsWith("turn 1", StringComparison.Ordinal));
        Assert.Equal(4, third.Count);
        Assert.StartsWith("turn 2", third[1], StringComparison.Ordinal);
        Assert.StartsWith("turn 3", third[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_action_whose_response_was_interrupted_is_not_performed_and_the_model_is_told()
    {
        _server.Enqueue(OpenAIToolCall("call_xfer", "transfer_call", """{"target":"+14155550100"}"""));
        _server.Enqueue(OpenAIReply("Okay, staying with you."));
        var (engine, chat) = LlmTestKit.Engine(LlmTestKit.Call(LlmTestKit.OpenAISettings(_server)), LlmTestKit.Tools(new LookupOrderRegistry()), new InMemoryToolCallJournal());
        await using var _ = engine;
        using var __ = chat;
        using var response = new CancellationTokenSource();

        var first = new List<ResponseEvent>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var e in engine.RespondAsync(UserTurn.Speech("Transfer me to sales."), response.Token))
            {
                first.Add(e);
                if (e is ToolCallCompleted) await response.CancelAsync(); // "wait, no!"
            }
        });
        var second = await LlmTestKit.CollectAsync(engine.RespondAsync(UserTurn.Speech("Wait, no, stay."), CancellationToken.None));

        Assert.Empty(first.OfType<CallAction>());
        Assert.Empty(second.OfType<CallAction>());
        var tool = _server.Requests[1].Body.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "tool");
        Assert.Contains("transferring", TextOf(tool.GetProperty("content")), StringComparison.Ordinal);
        Assert.Contains("not carried out", TextOf(tool.GetProperty("content")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_broken_midway_keeps_the_words_sent_and_adds_the_fallback_line()
    {
        _server.Enqueue(OpenAIThenCorrupt(OpenAIRole(), OpenAIText("Your balance is")));
        _server.Enqueue(OpenAIReply("Sure."));
        var (engine, chat) = LlmTestKit.Engine(LlmTestKit.Call(LlmTestKit.OpenAISettings(_server)), LlmTestKit.Tools(new LookupOrderRegistry()), new InMemoryToolCallJournal());
        await using var _ = engine;
        using var __ = chat;

        var events = await LlmTestKit.CollectAsync(engine.RespondAsync(UserTurn.Speech("What's my balance?"), CancellationToken.None));
        await LlmTestKit.CollectAsync(engine.RespondAsync(UserTurn.Speech("Hello?"), CancellationToken.None));

        var fallback = LlmTestKit.OpenAISettings(_server).FallbackLine;
        Assert.Equal(["Your balance is", fallback], events.OfType<TextDelta>().Select(d => d.Text));
        Assert.Equal("provider_error", Assert.IsType<ResponseFailed>(events[^1]).Code);
        var assistant = _server.Requests[1].Body.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "assistant");
        Assert.Equal("Your balance is " + fallback, TextOf(assistant.GetProperty("content")));
    }
}
