using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Tools;

namespace Switchboard.Realtime.ResponseEngines.Flow;

/// <summary>
/// Runs a conversation flow (docs/flows.md) for one call, with no LLM needed: speaks <c>say</c> nodes and <c>ask</c>
/// prompts, fills variables from the caller's answers, branches, calls tools through the registry with journaling, and
/// ends or transfers the call. Every move is reported as <see cref="NodeEntered"/>, every collected value as
/// <see cref="VariablesChanged"/>.
/// </summary>
/// <remarks>
/// <para>One instance per call, not thread-safe: the session calls one method at a time, as the
/// <see cref="IResponseEngine"/> contract says. The engine owns nothing it is given (registry, journal, chat client).</para>
/// <para>State advances before each event is yielded, so a response cancelled by a barge-in resumes at the right node on
/// the next turn; a tool call already started finishes and its result is used then.</para>
/// </remarks>
public sealed partial class FlowResponseEngine : IResponseEngine, IExpectsDigits, IHandlesTransferFailure
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    private readonly CallContext _call;
    private readonly FlowDefinition _flow;
    private readonly IToolRegistry? _tools;
    private readonly IToolCallJournal? _journal;
    private readonly FlowBranchEvaluator _branches;
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _functionRuns = new(StringComparer.Ordinal);
    private readonly List<(string Text, bool Interrupted)> _heard = [];
    private readonly CancellationTokenSource _disposed = new();

    private FlowNode _current;
    private string? _from;
    private string _reason = "start";
    private bool _started;
    private bool _waiting;
    private bool _ended;
    private int _failures;
    private string _lastText = "";
    private string _lastDigits = "";
    private PendingToolCall? _pendingTool;
    private IReadOnlyList<string> _expected = [];

    /// <summary>Prepares the flow in <paramref name="call"/>'s agent (<see cref="AgentDefinition.Flow"/>).</summary>
    /// <param name="call">The call; its <see cref="CallContext.Variables"/> override the flow's global_variables.</param>
    /// <param name="tools">Runs <c>function</c> nodes; required when the flow has any.</param>
    /// <param name="journal">Records each tool call before it runs; required when the flow has function nodes.</param>
    /// <param name="chatClient">Evaluates <c>llm_condition</c> branches; a flow with one is invalid without it.</param>
    /// <exception cref="ArgumentException">The agent has no flow, or function nodes lack a registry or journal.</exception>
    /// <exception cref="FlowValidationException">The flow fails <see cref="FlowValidator.Validate"/>.</exception>
    public FlowResponseEngine(CallContext call, IToolRegistry? tools = null, IToolCallJournal? journal = null, IChatClient? chatClient = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Agent.Flow is not { } document)
            throw new ArgumentException($"Agent '{call.Agent.Id}' has no conversation flow (AgentDefinition.Flow is null).", nameof(call));
        var (errors, flow) = FlowReader.Read(document, llmAvailable: chatClient is not null);
        if (flow is null) throw new FlowValidationException(errors);
        if (flow.UsesTools && (tools is null || journal is null))
            throw new ArgumentException("The flow has function nodes: pass both a tool registry and a tool call journal.", tools is null ? nameof(tools) : nameof(journal));

        _call = call;
        _flow = flow;
        _tools = tools;
        _journal = journal;
        _branches = new FlowBranchEvaluator(chatClient);
        foreach (var (name, value) in flow.GlobalVariables) _variables[name] = value;
        foreach (var (name, value) in call.Variables) _variables[name] = value;
        _current = flow.Nodes[flow.Start];
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ExpectedPhrases => _expected;

    /// <summary>Keypad collection settings of the waiting <c>ask</c> node, or null when it takes no digits or none waits.</summary>
    public FlowDigitCollection? ExpectedDigits =>
        _waiting && _current.Input != AskInputMode.Speech ? new FlowDigitCollection(_current.MaxDigits, _current.FinishOnKey) : null;

    /// <summary>The node the flow is at (the waiting <c>ask</c> between turns); null once the flow has ended.</summary>
    public string? CurrentNodeId => _ended ? null : _current.Id;

    /// <summary>True after an <c>end</c> or <c>transfer</c> node (or a failure) emitted its call action.</summary>
    public bool IsEnded => _ended;

    /// <summary>A snapshot of the call's variables: globals, the call's own, and everything collected so far.</summary>
    public IReadOnlyDictionary<string, string> Variables => new Dictionary<string, string>(_variables, StringComparer.Ordinal);

    internal IReadOnlyList<(string Text, bool Interrupted)> HeardHistory => _heard;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">Called a second time.</exception>
    public IAsyncEnumerable<ResponseEvent> StartAsync(CancellationToken cancellationToken)
    {
        if (_started) throw new InvalidOperationException("StartAsync runs once per call.");
        _started = true;
        return TextSpacing.Separate(RunAsync(cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">Called before <see cref="StartAsync"/>.</exception>
    public IAsyncEnumerable<ResponseEvent> RespondAsync(UserTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (!_started) throw new InvalidOperationException("Call StartAsync before RespondAsync.");
        return TextSpacing.Separate(RespondCoreAsync(turn, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    public IAsyncEnumerable<ResponseEvent> NoInputAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (!_started) throw new InvalidOperationException("Call StartAsync before NoInputAsync.");
        return _waiting && !_ended ? TextSpacing.Separate(RetryAsync(noInput: true, cancellationToken), cancellationToken) : AsyncEnumerable.Empty<ResponseEvent>();
    }

    /// <inheritdoc />
    /// <remarks>A flow keeps no model history, so this only records what was heard.</remarks>
    public void Heard(string heardText, bool interrupted)
    {
        ArgumentNullException.ThrowIfNull(heardText);
        _heard.Add((heardText, interrupted));
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested) return;
        await _disposed.CancelAsync();
        if (_pendingTool is { } pending)
        {
            try
            {
                await pending.Completion;
            }
            catch (Exception)
            {
                // The call is over; a tool that failed while it was shutting down has nobody left to tell.
            }
        }
        _disposed.Dispose();
    }

    private async IAsyncEnumerable<ResponseEvent> RespondCoreAsync(UserTurn turn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_ended) yield break;
        _lastText = turn.Text;
        _lastDigits = turn.Digits;
        if (!_waiting)
        {
            // A barge-in cancelled the last response before it reached an ask: carry on from where it stopped.
            await foreach (var e in RunAsync(cancellationToken)) yield return e;
            yield break;
        }

        var ask = _current;
        var empty = AskInterpreter.IsEmpty(ask, turn);
        var value = empty ? null : AskInterpreter.Interpret(ask, turn, Today());
        if (value is null)
        {
            await foreach (var e in RetryAsync(noInput: empty, cancellationToken)) yield return e;
            yield break;
        }

        _variables[ask.Variable!] = value;
        Advance(ask, ask.Next!, "collected");
        yield return new VariablesChanged(new Dictionary<string, string>(StringComparer.Ordinal) { [ask.Variable!] = value });
        await foreach (var e in RunAsync(cancellationToken)) yield return e;
    }

    /// <summary>No input or no match at the waiting ask: prompt again, or leave by on_failure once retries are used up.</summary>
    private async IAsyncEnumerable<ResponseEvent> RetryAsync(bool noInput, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var ask = _current;
        _failures++;
        if (_failures <= ask.Retries)
        {
            var prompt = (noInput ? ask.NoInputPrompt : ask.NoMatchPrompt) ?? ask.Prompt!;
            yield return new TextDelta(FlowTemplate.Render(prompt, _variables));
            yield break;
        }

        if (ask.OnFailure is { } failure)
        {
            Advance(ask, failure, noInput ? "no_input" : "no_match");
            await foreach (var e in RunAsync(cancellationToken)) yield return e;
            yield break;
        }

        _ended = true;
        _waiting = false;
        _expected = [];
        yield return new TextDelta(FlowDefaults.FailureGoodbye);
        yield return new CallAction(CallActionKind.EndCall, null, "no_valid_input");
    }

    private async IAsyncEnumerable<ResponseEvent> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var steps = 0;
        while (!_ended && !_waiting)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var node = _current;
            if (++steps > _flow.MaxStepsPerTurn)
            {
                _ended = true;
                yield return new TextDelta(FlowDefaults.LoopGoodbye);
                yield return new ResponseFailed("flow_step_limit",
                    $"The flow ran {_flow.MaxStepsPerTurn} nodes in one turn without waiting for the caller (last at '{node.Id}'); the call was ended.");
                yield return new CallAction(CallActionKind.EndCall, null, "flow_step_limit");
                yield break;
            }

            yield return new NodeEntered(_from, node.Id, _reason);
            switch (node.Kind)
            {
                case FlowNodeKind.Say:
                    var set = Assign(node.Set);
                    Advance(node, node.Next!, "next");
                    if (set is not null) yield return new VariablesChanged(set);
                    yield return new TextDelta(FlowTemplate.Render(node.Text!, _variables));
                    break;
                case FlowNodeKind.Ask:
                    _waiting = true;
                    _failures = 0;
                    _expected = AskInterpreter.Hints(node);
                    yield return new TextDelta(FlowTemplate.Render(node.Prompt!, _variables));
                    break;
                case FlowNodeKind.Branch:
                    var decision = await _branches.DecideAsync(node, _variables, _lastText, _lastDigits, cancellationToken);
                    Advance(node, decision.Target, decision.Reason);
                    foreach (var usage in decision.Usage) yield return usage;
                    break;
                case FlowNodeKind.Function:
                    await foreach (var e in RunFunctionAsync(node, cancellationToken)) yield return e;
                    break;
                case FlowNodeKind.Transfer:
                    _ended = true;
                    if (node.Text is { } transferText) yield return new TextDelta(FlowTemplate.Render(transferText, _variables));
                    var target = FlowTemplate.Render(node.Target!, _variables).Trim();
                    if (target.Length == 0)
                    {
                        yield return new ResponseFailed("transfer_target_empty", $"Transfer node '{node.Id}' rendered an empty target; the call was ended.");
                        yield return new CallAction(CallActionKind.EndCall, null, "transfer_target_empty");
                    }
                    else
                    {
                        yield return new CallAction(CallActionKind.Transfer, target, node.Id)
                        {
                            TransferMode = node.TransferMode,
                            Summary = node.Summary is { } summary ? FlowTemplate.Render(summary, _variables).Trim() is { Length: > 0 } s ? s : null : null,
                        };
                    }
                    break;
                default:
                    _ended = true;
                    if (node.Text is { } goodbye) yield return new TextDelta(FlowTemplate.Render(goodbye, _variables));
                    yield return new CallAction(CallActionKind.EndCall, null, "flow_end");
                    break;
            }
        }
    }

    private async IAsyncEnumerable<ResponseEvent> RunFunctionAsync(FlowNode node, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The key is stable until the call completes, so a resumed or replayed node finds its journal entry.
        var visit = _functionRuns.GetValueOrDefault(node.Id);
        var key = $"{_call.CallId}:flow:{node.Id}:{visit}";
        var pending = _pendingTool is { } p && p.Invocation.IdempotencyKey == key ? p : null;
        if (pending is null)
        {
            var arguments = node.Arguments is { } a ? FlowTemplate.RenderJson(a, _variables) : EmptyObject;
            var invocation = new ToolInvocation(_call, key, node.Tool!, arguments);
            var stored = await _journal!.BeginAsync(invocation, cancellationToken);
            pending = new PendingToolCall(node.Id, invocation, stored is not null ? Task.FromResult((stored, TimeSpan.Zero)) : InvokeAsync(invocation));
            _pendingTool = pending;
        }

        yield return new ToolCallStarted(key, node.Tool!, pending.Invocation.Arguments);
        var (result, elapsed) = await pending.Completion;
        _pendingTool = null;
        _functionRuns[node.Id] = visit + 1;
        var mapped = result.IsError ? null : MapResult(node, result.Content);
        Advance(node, result.IsError ? node.OnError ?? node.Next! : node.Next!, result.IsError ? "tool_error" : "tool_result");
        if (result.Action is { Kind: CallActionKind.EndCall or CallActionKind.Transfer }) _ended = true;

        yield return new ToolCallCompleted(key, node.Tool!, result.Content, result.IsError, elapsed);
        if (mapped is not null) yield return new VariablesChanged(mapped);
        if (result.Action is { } action) yield return action;
    }

    private async Task<(ToolResult Result, TimeSpan Elapsed)> InvokeAsync(ToolInvocation invocation)
    {
        // Not the response's token: a barge-in must not abandon a tool half-way; only the end of the call stops it.
        var token = _disposed.Token;
        var started = _call.Time.GetTimestamp();
        ToolResult result;
        try
        {
            result = await _tools!.InvokeAsync(invocation, token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            result = ToolResult.Error($"Tool '{invocation.Name}' failed: {ex.Message}");
        }
        var elapsed = _call.Time.GetElapsedTime(started);
        await _journal!.CompleteAsync(invocation, result, elapsed, token);
        return (result, elapsed);
    }

    private Dictionary<string, string>? MapResult(FlowNode node, string content)
    {
        if (node.Result.Count == 0) return null;
        JsonElement? json = null;
        try
        {
            using var document = JsonDocument.Parse(content);
            json = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Plain-text results can still be captured whole with "$".
        }

        Dictionary<string, string>? changed = null;
        foreach (var mapping in node.Result)
        {
            var value = json is { } root ? mapping.Path.Evaluate(root) : mapping.Path.Text == "$" ? content : null;
            if (value is null) continue;
            _variables[mapping.Variable] = value;
            (changed ??= new(StringComparer.Ordinal))[mapping.Variable] = value;
        }
        return changed;
    }

    private Dictionary<string, string>? Assign(IReadOnlyList<KeyValuePair<string, string>> set)
    {
        if (set.Count == 0) return null;
        var changed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, template) in set)
        {
            var value = FlowTemplate.Render(template, _variables);
            _variables[name] = value;
            changed[name] = value;
        }
        return changed;
    }

    private void Advance(FlowNode from, string to, string reason)
    {
        _current = _flow.Nodes[to];
        _from = from.Id;
        _reason = reason;
        _waiting = false;
        _expected = [];
    }

    private DateOnly Today() => DateOnly.FromDateTime(_call.Time.GetLocalNow().DateTime);
}
