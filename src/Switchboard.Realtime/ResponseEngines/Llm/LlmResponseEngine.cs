using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Tools;
using AnthropicTool = Anthropic.Models.Messages.Tool;
using CacheControlEphemeral = Anthropic.Models.Messages.CacheControlEphemeral;

namespace Switchboard.Realtime.ResponseEngines.Llm;

/// <summary>
/// An agent driven by a chat model with tools: keeps the conversation, streams the model's words as
/// <see cref="TextDelta"/>s, runs the tools the model calls (journaled first, on the call's lifetime) and loops back to
/// the model with their results, and turns provider errors and slow first tokens into the agent's spoken fallback line.
/// </summary>
/// <remarks>
/// <para>One instance per call; not thread-safe (the session never runs two of its methods at once). The engine does not
/// own the chat client, registry or journal. Dispose it when the call ends: that cancels tools still running.</para>
/// <para>The prompt prefix stays byte-stable for provider prompt caches: the system prompt is filled in once per call
/// and the tool list is fetched once, in the registry's order. With Anthropic the system prompt and the last tool carry
/// <c>cache_control: ephemeral</c>; OpenAI caches prefixes automatically. Cached input tokens are reported in
/// <see cref="LlmUsage"/>.</para>
/// <para>When the caller interrupts (the response token is cancelled), a tool already running is not cancelled: its
/// result goes into the history before the next response and its <see cref="ToolCallCompleted"/> is reported at the
/// start of that response, but its <see cref="CallAction"/> is not performed (the caller spoke before it took effect;
/// the model hears a note saying so). Tool calls of that round that had not started yet do not run.</para>
/// </remarks>
public sealed partial class LlmResponseEngine : IResponseEngine, IAcceptsInjection, IHandlesTransferFailure
{
    private const string InterruptedNote = " (The caller interrupted before this took effect; it was not carried out.)";

    private readonly CallContext _call;
    private readonly LlmSettings _settings;
    private readonly IChatClient _chat;
    private readonly IToolRegistry _tools;
    private readonly ToolCallRunner _runner;
    private readonly LlmEngineOptions _options;
    private readonly CancellationTokenSource _lifetime;
    private readonly ILogger _logger;
    private readonly ConversationHistory _history;
    private readonly bool _anthropic;
    private readonly int _budget;
    private List<PendingToolCall> _parked = [];
    private ChatOptions? _chatOptions;
    private int _toolTokens;
    private bool _disposed;

    /// <param name="call">The call; its agent must have <see cref="AgentDefinition.Llm"/> settings.</param>
    /// <param name="chatClient">From <see cref="LlmClientFactory.Create"/> (or any <see cref="IChatClient"/>); not owned.</param>
    /// <param name="tools">The tools the model may call; fetched once, on the first model request.</param>
    /// <param name="journal">Records every tool call before it runs.</param>
    /// <param name="options">Engine behaviour; null: defaults.</param>
    /// <param name="logger">Failures and tool timings, never conversation content; null: no logging.</param>
    /// <param name="callEnded">Cancelled when the call ends; running tools are cancelled with it (as on dispose).</param>
    /// <exception cref="ArgumentException">The agent has no LLM settings, or the options are invalid.</exception>
    public LlmResponseEngine(CallContext call, IChatClient chatClient, IToolRegistry tools, IToolCallJournal journal,
        LlmEngineOptions? options = null, ILogger? logger = null, CancellationToken callEnded = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(chatClient);
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(journal);
        _settings = call.Agent.Llm ?? throw new ArgumentException($"Agent '{call.Agent.Id}' has no LLM settings.", nameof(call));
        _options = options ?? new LlmEngineOptions();
        _options.Validate();
        _call = call;
        _chat = chatClient;
        _tools = tools;
        _anthropic = string.Equals(_settings.Provider?.Trim(), LlmClientFactory.AnthropicProvider, StringComparison.OrdinalIgnoreCase);
        _budget = ContextBudget.For(_settings);
        _lifetime = CancellationTokenSource.CreateLinkedTokenSource(callEnded);
        _logger = logger ?? NullLogger.Instance;
        _runner = new ToolCallRunner(call, tools, journal, _lifetime.Token);

        var system = new TextContent(PromptVariables.ForModel(_settings.SystemPrompt, call.Variables));
        if (_anthropic) system.WithCacheControl(new CacheControlEphemeral());
        _history = new ConversationHistory(new ChatMessage(ChatRole.System, [system]));
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ExpectedPhrases => [];

    /// <summary>The messages the next request would start from (tests and diagnostics).</summary>
    internal IReadOnlyList<ChatMessage> History => _history.Messages;

    /// <inheritdoc />
    public IAsyncEnumerable<ResponseEvent> StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return StartCoreAsync(cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ResponseEvent> RespondAsync(UserTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return RespondCoreAsync(turn, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ResponseEvent> NoInputAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return NoInputCoreAsync(count, cancellationToken);
    }

    /// <inheritdoc />
    public void Heard(string heardText, bool interrupted)
    {
        ArgumentNullException.ThrowIfNull(heardText);
        ObjectDisposedException.ThrowIf(_disposed, this);
        // Uninterrupted, the caller heard everything that was streamed; the history already says exactly that, and
        // re-fitting a differently spaced copy of it over the response's messages could only blur it.
        if (!interrupted) return;
        _history.ApplyHeard(heardText);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _lifetime.CancelAsync();
        foreach (var parked in _parked)
        {
            // ToolCallRunner outcomes never fault; this only waits for running tools to notice the call ended.
            await parked.Outcome;
        }
        _parked = [];
        _lifetime.Dispose();
    }

    private async IAsyncEnumerable<ResponseEvent> StartCoreAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        cancellationToken.ThrowIfCancellationRequested();
        _history.BeginResponse();
        if (string.IsNullOrWhiteSpace(_settings.BeginMessage)) yield break;
        var text = PromptVariables.ForSpeech(_settings.BeginMessage, _call.Variables);
        if (text.Length == 0) yield break;
        _history.AddAssistantText(text);
        yield return new TextDelta(text);
    }

    private async IAsyncEnumerable<ResponseEvent> RespondCoreAsync(UserTurn turn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var settled in SettleParkedAsync(cancellationToken)) yield return settled;
        _history.Add(new ChatMessage(ChatRole.User, FormatTurn(turn)));
        _history.BeginResponse();
        await foreach (var item in RunModelAsync(cancellationToken)) yield return item;
    }

    private async IAsyncEnumerable<ResponseEvent> NoInputCoreAsync(int count, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var settled in SettleParkedAsync(cancellationToken)) yield return settled;
        _history.BeginResponse();
        var prompts = _options.NoInputPrompts;
        var line = PromptVariables.ForSpeech(prompts[Math.Min(count, prompts.Count) - 1], _call.Variables);
        _history.AddAssistantText(line);
        yield return new TextDelta(line);
    }

    /// <summary>The model's tool loop for one response: request, stream, run the tools it called, repeat.</summary>
    private async IAsyncEnumerable<ResponseEvent> RunModelAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ChatOptions options;
        string? setupError = null;
        try
        {
            options = await GetChatOptionsAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            options = new ChatOptions();
            setupError = $"Could not list the agent's tools: {ex.Message}";
        }
        if (setupError is not null)
        {
            foreach (var failed in Fallback("tools_unavailable", setupError)) yield return failed;
            yield break;
        }

        var actions = new List<CallAction>();
        for (var round = 1; round <= _options.MaxToolRounds; round++)
        {
            // The last round may not call tools (the model must answer in words), keeping the tool list itself so the
            // cached prefix stays the same.
            var requestOptions = round < _options.MaxToolRounds || options.Tools is null ? options : WithoutToolCalls(options);
            var trimmed = _history.TrimToBudget(_budget - _toolTokens);
            if (trimmed > 0) LlmEngineLog.HistoryTrimmed(_logger, _call.CallId, trimmed, _budget);
            var request = new ModelRequest(_history.Messages.ToList(), requestOptions, cancellationToken);

            await foreach (var delta in request.StreamAsync(_chat, _call.Time, _settings.FirstTokenTimeout)) yield return delta;

            var assistant = new ChatMessage(ChatRole.Assistant, []);
            if (request.Text.Length > 0) assistant.Contents.Add(new TextContent(request.Text.ToString()));
            if (!request.Interrupted && request.FailureCode is null)
            {
                foreach (var call in request.Calls) assistant.Contents.Add(call);
            }
            if (assistant.Contents.Count > 0) _history.Add(assistant);
            if (cancellationToken.IsCancellationRequested)
            {
                // The stream ended just as the caller barged in: its tool calls are in the history and need results.
                if (!request.Interrupted && request.FailureCode is null && request.Calls.Count > 0) Park([], request.Calls, 0, running: null);
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (request.FailureCode is not null)
            {
                foreach (var failed in Fallback(request.FailureCode, request.FailureMessage ?? "")) yield return failed;
                foreach (var action in actions) yield return action;
                yield break;
            }

            yield return new LlmUsage(_settings.Model, request.Usage.InputTokenCount ?? 0, request.Usage.OutputTokenCount ?? 0,
                request.Usage.CachedInputTokenCount ?? 0, request.TimeToFirstToken);
            if (request.Calls.Count == 0) break;

            var stop = false;
            var done = new List<PendingToolCall>(request.Calls.Count);
            var results = new List<(FunctionCallContent Call, string Content, bool HasAction)>(request.Calls.Count);
            for (var i = 0; i < request.Calls.Count; i++)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    Park(done, request.Calls, i, running: null);
                    cancellationToken.ThrowIfCancellationRequested();
                }
                var call = request.Calls[i];
                var (invocation, begun, run) = _runner.Start(call);

                bool replayed;
                try
                {
                    replayed = await begun.WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    Park(done, request.Calls, i, run);
                    throw;
                }
                if (!replayed) yield return new ToolCallStarted(invocation.IdempotencyKey, call.Name, invocation.Arguments);

                ToolOutcome outcome;
                try
                {
                    outcome = await run.WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    Park(done, request.Calls, i, run);
                    throw;
                }

                LlmEngineLog.ToolFinished(_logger, _call.CallId, call.Name, invocation.IdempotencyKey, outcome.Elapsed.TotalMilliseconds,
                    outcome.Result.IsError, outcome.Replayed);
                yield return Completed(outcome);
                done.Add(new PendingToolCall(call, run, Reported: true));
                // A replayed call's action was performed the first time it ran.
                var hasAction = !outcome.Replayed && outcome.Result.Action is not null;
                results.Add((call, outcome.Result.IsError ? "Error: " + outcome.Result.Content : outcome.Result.Content, hasAction));
                if (hasAction && outcome.Result.Action is { } action)
                {
                    actions.Add(action);
                    stop |= action.Kind is CallActionKind.EndCall or CallActionKind.Transfer;
                }
            }
            // Interrupted after the last tool finished: its action will not be performed, and the model must know.
            var interrupted = cancellationToken.IsCancellationRequested;
            var contents = new List<AIContent>(results.Count);
            foreach (var (call, content, hasAction) in results)
            {
                contents.Add(ResultFor(call, interrupted && hasAction ? content + InterruptedNote : content));
            }
            _history.Add(new ChatMessage(ChatRole.Tool, contents));

            // The caller is leaving (hang-up or transfer): asking the model for more words would only delay it.
            if (stop) break;
        }

        // An interrupted response performs nothing more: the caller spoke first.
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var action in actions) yield return action;
    }

    /// <summary>
    /// The response was interrupted at the tool call <paramref name="index"/> (running, or not started when
    /// <paramref name="running"/> is null): park the round so the next response can finish it. Later calls never start.
    /// </summary>
    private void Park(List<PendingToolCall> done, List<FunctionCallContent> calls, int index, Task<ToolOutcome>? running)
    {
        var parked = new List<PendingToolCall>(done);
        if (running is not null) parked.Add(new PendingToolCall(calls[index], running, Reported: false));
        for (var i = running is null ? index : index + 1; i < calls.Count; i++)
        {
            parked.Add(new PendingToolCall(calls[i], Task.FromResult(_runner.NotRun(calls[i])), Reported: true));
        }
        _parked = parked;
    }

    /// <summary>Waits for the tools of an interrupted round and puts their results into the history, in call order.</summary>
    private async IAsyncEnumerable<ResponseEvent> SettleParkedAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_parked.Count == 0) yield break;
        var parked = _parked;
        foreach (var pending in parked) await pending.Outcome.WaitAsync(cancellationToken);

        var results = new List<AIContent>(parked.Count);
        foreach (var pending in parked)
        {
            var outcome = await pending.Outcome;
            if (!pending.Reported) yield return Completed(outcome);
            var content = outcome.Result.IsError ? "Error: " + outcome.Result.Content : outcome.Result.Content;
            if (!pending.Reported && outcome.Result.Action is not null && !outcome.Replayed) content += InterruptedNote;
            results.Add(ResultFor(pending.Call, content));
        }
        _history.Add(new ChatMessage(ChatRole.Tool, results));
        _parked = [];
    }

    private async ValueTask<ChatOptions> GetChatOptionsAsync(CancellationToken cancellationToken)
    {
        if (_chatOptions is not null) return _chatOptions;
        var definitions = await _tools.GetToolsAsync(_call, cancellationToken);
        var tools = new List<AITool>(definitions.Count);
        for (var i = 0; i < definitions.Count; i++)
        {
            // One breakpoint after the last tool caches the whole tool list; the system prompt carries the other.
            var properties = _anthropic && i == definitions.Count - 1
                ? new Dictionary<string, object?> { [nameof(AnthropicTool.CacheControl)] = new CacheControlEphemeral() }
                : null;
            var declaration = new ToolDeclaration(definitions[i], properties);
            _toolTokens += TokenEstimator.Estimate(declaration);
            tools.Add(declaration);
        }

        _chatOptions = new ChatOptions
        {
            ModelId = _settings.Model,
            Temperature = (float?)_settings.Temperature,
            MaxOutputTokens = _settings.MaxOutputTokens,
            Tools = tools.Count > 0 ? tools : null,
            ToolMode = tools.Count > 0 ? ChatToolMode.Auto : null,
        };
        return _chatOptions;
    }

    private static ChatOptions WithoutToolCalls(ChatOptions options)
    {
        var clone = options.Clone();
        clone.ToolMode = ChatToolMode.None;
        return clone;
    }

    private ResponseEvent[] Fallback(string code, string message)
    {
        LlmEngineLog.ResponseFailed(_logger, _call.CallId, code, message);
        var line = PromptVariables.ForSpeech(_settings.FallbackLine, _call.Variables);
        _history.AddAssistantText(line);
        return line.Length == 0
            ? [new ResponseFailed(code, message)]
            : [new TextDelta(line), new ResponseFailed(code, message)];
    }

    private static ToolCallCompleted Completed(ToolOutcome outcome) =>
        new(outcome.Invocation.IdempotencyKey, outcome.Invocation.Name, outcome.Result.Content, outcome.Result.IsError, outcome.Elapsed);

    private static FunctionResultContent ResultFor(FunctionCallContent call, string content) => new(call.CallId, content);

    private static string FormatTurn(UserTurn turn)
    {
        var text = turn.Text.Trim();
        if (turn.Digits.Length == 0) return text;
        var digits = $"[pressed keypad digits: {turn.Digits}]";
        return text.Length == 0 ? digits : text + "\n" + digits;
    }
}
