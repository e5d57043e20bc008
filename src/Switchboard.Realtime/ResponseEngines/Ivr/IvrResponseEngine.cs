using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Switchboard.Realtime.Sessions;

namespace Switchboard.Realtime.ResponseEngines.Ivr;

/// <summary>
/// Runs an IVR menu document (docs/ivr.md): speaks prompts, takes keypad digits or spoken keywords, re-prompts on
/// invalid input and on silence, and ends in a transfer, a hang-up or a hand-over to the agent's LLM or flow.
/// </summary>
/// <remarks>
/// <para>One instance per call; not thread-safe (the session never runs two of its methods at once). Each method
/// decides and applies the menu transition when it is called, then streams the resulting events: a response cancelled
/// by barge-in has still moved the caller, so the digits that interrupted a prompt act on the menu that prompt
/// announced.</para>
/// <para>Digits: the first key decides; the following keys of the same turn are type-ahead for the menu that choice led
/// to (pressing 2 then 1 goes straight to <c>root/2</c>'s option 1 without speaking <c>root/2</c>'s prompt). The first
/// type-ahead key that matches nothing there, and any key after an action that leaves the menus, is ignored.</para>
/// <para>Invalid input and no input both count as retries of the current menu; a valid choice or entering a menu resets
/// the count. After <c>max_retries</c> re-prompts, the next failure runs <c>on_max_retries</c> (default: say "Goodbye."
/// and hang up). Use <see cref="NoInputTimeout"/> as the reminder period before calling <see cref="NoInputAsync"/>.</para>
/// <para>Once the menus end (<see cref="Outcome"/> is not <see cref="IvrOutcome.InProgress"/>), further turns yield
/// nothing; on a hand-over the session swaps in the engine of <see cref="AgentDefinition.AfterIvr"/>.</para>
/// </remarks>
public sealed partial class IvrResponseEngine : IResponseEngine
{
    /// <summary>The node id of the top menu; a submenu's id appends the digit that leads to it (<c>root/2/1</c>).</summary>
    public const string RootNodeId = "root";

    /// <summary>The longest caller text kept in an <see cref="IvrStepKind.Invalid"/> step.</summary>
    public const int MaxDetailLength = 200;

    private readonly IvrMenu _root;
    private readonly TimeProvider _time;
    private readonly IReadOnlyDictionary<string, string> _variables;
    private readonly List<(IvrMenu Menu, string NodeId)> _stack = [];
    private readonly List<IvrPathStep> _path = [];
    private IReadOnlyList<string> _expected = [];
    private int _failures;

    /// <summary>Runs the call's agent's menu (<see cref="AgentDefinition.IvrMenu"/>) on the call's clock, with its variables.</summary>
    /// <exception cref="ArgumentException">The agent has no IVR menu.</exception>
    /// <exception cref="IvrMenuException">The menu does not validate.</exception>
    public IvrResponseEngine(CallContext context)
        : this(
            (context ?? throw new ArgumentNullException(nameof(context))).Agent.IvrMenu
                ?? throw new ArgumentException("The call's agent has no IVR menu (AgentDefinition.IvrMenu is null).", nameof(context)),
            context.Time,
            context.Variables)
    {
    }

    /// <summary>Runs <paramref name="menu"/>; <c>{{name}}</c> in its texts is replaced from <paramref name="variables"/>.</summary>
    /// <exception cref="IvrMenuException">The menu does not validate.</exception>
    public IvrResponseEngine(JsonElement menu, TimeProvider time, IReadOnlyDictionary<string, string>? variables = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _root = IvrMenuParser.Parse(menu);
        _time = time;
        _variables = variables ?? new Dictionary<string, string>();
    }

    /// <summary>The steps the caller took so far, oldest first (a snapshot).</summary>
    public IReadOnlyList<IvrPathStep> Path => _path.ToArray();

    public IvrOutcome Outcome { get; private set; }

    /// <summary>The transfer destination or hand-over target of the final action, when it named one.</summary>
    public string? OutcomeTarget { get; private set; }

    /// <summary>The menu the caller is in; null before <see cref="StartAsync"/>. Stays on the last menu once the menus end.</summary>
    public string? CurrentNodeId => _stack.Count == 0 ? null : _stack[^1].NodeId;

    /// <summary>How long the current menu waits for input before the session should call <see cref="NoInputAsync"/>.</summary>
    public TimeSpan NoInputTimeout => Current.Timeout;

    /// <summary>A menu decides on one key (more keys type ahead into the next menu), so a keypad turn is one key.</summary>
    public Flow.FlowDigitCollection? ExpectedDigits => _stack.Count == 0 ? null : new Flow.FlowDigitCollection(1, null);

    /// <summary>The keywords of the current menu's options; empty once the menus end.</summary>
    public IReadOnlyList<string> ExpectedPhrases => _expected;

    private IvrMenu Current => _stack.Count == 0 ? _root : _stack[^1].Menu;

    private string CurrentId => _stack.Count == 0 ? RootNodeId : _stack[^1].NodeId;

    /// <summary>Enters the root menu and speaks its prompt. Calling it again starts over with a fresh path.</summary>
    public IAsyncEnumerable<ResponseEvent> StartAsync(CancellationToken cancellationToken)
    {
        _stack.Clear();
        _path.Clear();
        Outcome = IvrOutcome.InProgress;
        OutcomeTarget = null;
        var events = new List<ResponseEvent>();
        Enter(_root, RootNodeId, "start", events);
        Prompt(events);
        return Stream(events, cancellationToken);
    }

    /// <summary>Applies the caller's digits (they win when a turn has both) or words to the current menu.</summary>
    /// <exception cref="InvalidOperationException"><see cref="StartAsync"/> has not been called.</exception>
    public IAsyncEnumerable<ResponseEvent> RespondAsync(UserTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        RequireStarted();
        var events = new List<ResponseEvent>();
        if (Outcome != IvrOutcome.InProgress) return Stream(events, cancellationToken);

        if (turn.Digits.Length > 0)
        {
            var inMenu = true;
            for (var i = 0; i < turn.Digits.Length && inMenu; i++)
            {
                var option = Current.FindByDigit(turn.Digits[i]);
                if (option is null)
                {
                    if (i == 0)
                    {
                        Fail(IvrStepKind.Invalid, turn.Digits[..1], Truncate(turn.Digits), events);
                        return Stream(events, cancellationToken);
                    }
                    break;
                }
                inMenu = Choose(option, null, events);
            }
            if (inMenu) Prompt(events);
        }
        else if (IvrKeywordMatcher.Match(Current, turn.Text) is var (option, keyword))
        {
            if (Choose(option, keyword, events)) Prompt(events);
        }
        else
        {
            Fail(IvrStepKind.Invalid, null, Truncate(turn.Text), events);
        }
        return Stream(events, cancellationToken);
    }

    /// <summary>
    /// The caller pressed and said nothing for <see cref="NoInputTimeout"/>. <paramref name="count"/> is informational:
    /// the menu counts retries itself because invalid input counts too.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1.</exception>
    /// <exception cref="InvalidOperationException"><see cref="StartAsync"/> has not been called.</exception>
    public IAsyncEnumerable<ResponseEvent> NoInputAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        RequireStarted();
        var events = new List<ResponseEvent>();
        if (Outcome == IvrOutcome.InProgress) Fail(IvrStepKind.NoInput, null, null, events);
        return Stream(events, cancellationToken);
    }

    /// <summary>Menus keep no conversation history, so what was heard changes nothing.</summary>
    public void Heard(string heardText, bool interrupted) => ArgumentNullException.ThrowIfNull(heardText);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <returns>True when the caller is still in a menu (whose prompt the turn should end with).</returns>
    private bool Choose(IvrOption option, string? keyword, List<ResponseEvent> events)
    {
        Step(IvrStepKind.Selected, option.Digit.ToString(), keyword, ActionName(option.Action.Type));
        _failures = 0;
        var reason = keyword is null ? $"digit {option.Digit}" : $"keyword '{keyword}'";
        return Run(option.Action, option.Digit, reason, events);
    }

    /// <returns>True when the caller is still in a menu.</returns>
    private bool Run(IvrAction action, char? digit, string reason, List<ResponseEvent> events)
    {
        switch (action.Type)
        {
            case IvrActionType.Submenu:
                Enter(action.Menu!, CurrentId + "/" + digit, reason, events);
                return true;
            case IvrActionType.Back:
                Back(reason, events);
                return true;
            case IvrActionType.Repeat:
                return true;
            case IvrActionType.Message:
                Say(action.Text, events);
                if (action.Then == IvrMessageThen.Back) Back(reason, events);
                if (action.Then != IvrMessageThen.Hangup) return true;
                Finish(IvrOutcome.HungUp, new CallAction(CallActionKind.EndCall, null, "ivr: " + reason), events);
                return false;
            case IvrActionType.Transfer:
                Say(action.Text, events);
                Finish(IvrOutcome.Transferred, new CallAction(CallActionKind.Transfer, action.Target, "ivr: " + reason), events);
                return false;
            case IvrActionType.Agent:
                Say(action.Text, events);
                Finish(IvrOutcome.HandedOver, new CallAction(CallActionKind.HandOver, action.Target, "ivr: " + reason), events);
                return false;
            default:
                Say(action.Text, events);
                Finish(IvrOutcome.HungUp, new CallAction(CallActionKind.EndCall, null, "ivr: " + reason), events);
                return false;
        }
    }

    private void Fail(IvrStepKind kind, string? digit, string? detail, List<ResponseEvent> events)
    {
        Step(kind, digit, null, detail);
        if (++_failures <= Current.MaxRetries)
        {
            Say(kind == IvrStepKind.NoInput ? Current.TimeoutPrompt : Current.InvalidPrompt, events);
            Prompt(events);
            return;
        }

        // A message after the last retry must end the call, whatever its 'then' says: re-prompting would loop forever.
        var onMax = Current.OnMaxRetries;
        if (onMax.Type == IvrActionType.Message) onMax = onMax with { Then = IvrMessageThen.Hangup };
        Step(IvrStepKind.MaxRetries, null, null, ActionName(onMax.Type));
        if (Run(onMax, null, "max retries", events)) Prompt(events);
    }

    private void Enter(IvrMenu menu, string nodeId, string reason, List<ResponseEvent> events)
    {
        var from = _stack.Count == 0 ? null : CurrentId;
        _stack.Add((menu, nodeId));
        Entered(from, reason, events);
    }

    private void Back(string reason, List<ResponseEvent> events)
    {
        // The validator forbids 'back' at the root; should one get through, staying put is the harmless reading.
        if (_stack.Count < 2) return;
        var from = CurrentId;
        _stack.RemoveAt(_stack.Count - 1);
        Entered(from, reason, events);
    }

    private void Entered(string? from, string reason, List<ResponseEvent> events)
    {
        _failures = 0;
        _expected = Current.Options.SelectMany(o => o.Keywords).ToArray();
        events.Add(new NodeEntered(from, CurrentId, reason));
        Step(IvrStepKind.Entered, null, null, null);
    }

    private void Finish(IvrOutcome outcome, CallAction action, List<ResponseEvent> events)
    {
        Outcome = outcome;
        OutcomeTarget = action.Argument;
        _expected = [];
        events.Add(action);
    }

    private void Prompt(List<ResponseEvent> events) => Say(Current.Prompt, events);

    private void Say(string? text, List<ResponseEvent> events)
    {
        if (string.IsNullOrWhiteSpace(text)) return;
        // Phrases of one response are separate sentences: keep a space between them (see TextSpacing).
        var spaced = events.Any(e => e is TextDelta) ? " " + Render(text) : Render(text);
        events.Add(new TextDelta(spaced));
    }

    private void Step(IvrStepKind kind, string? digit, string? keyword, string? detail) =>
        _path.Add(new IvrPathStep(_time.GetUtcNow(), CurrentId, kind, digit, keyword, detail));

    private void RequireStarted()
    {
        if (_stack.Count == 0) throw new InvalidOperationException("Call StartAsync before the first turn: the menu has not been entered yet.");
    }

    private string Render(string text) =>
        text.Contains("{{", StringComparison.Ordinal)
            ? Variable().Replace(text, m => _variables.TryGetValue(m.Groups[1].Value, out var value) ? value : "")
            : text;

    private static string Truncate(string text) => text.Length <= MaxDetailLength ? text : text[..MaxDetailLength];

    private static string ActionName(IvrActionType type) => type.ToString().ToLowerInvariant();

    private static async IAsyncEnumerable<ResponseEvent> Stream(List<ResponseEvent> events, [EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var e in events)
        {
            ct.ThrowIfCancellationRequested();
            yield return e;
        }
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex Variable();
}
