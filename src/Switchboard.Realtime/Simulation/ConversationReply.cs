using Switchboard.Realtime.ResponseEngines;

namespace Switchboard.Realtime.Simulation;

/// <summary>Everything the agent did in one response of a text conversation.</summary>
public sealed record ConversationReply
{
    /// <summary>What the agent said (all text deltas joined).</summary>
    public string Text { get; init; } = "";

    public IReadOnlyList<ToolCallCompleted> ToolCalls { get; init; } = [];

    /// <summary>The arguments of each tool call, by idempotency key, as JSON text.</summary>
    public IReadOnlyDictionary<string, string> ToolArguments { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<NodeEntered> Nodes { get; init; } = [];

    public IReadOnlyList<CallAction> Actions { get; init; } = [];

    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<ResponseFailed> Failures { get; init; } = [];

    /// <summary>The response ended the call (an end-call or an accepted transfer action).</summary>
    public bool EndedCall => Actions.Any(a => a.Kind is CallActionKind.EndCall or CallActionKind.Transfer);
}
