using System.Text;
using Switchboard.Realtime.ResponseEngines;

namespace Switchboard.Realtime.Simulation;

/// <summary>
/// Talks to a response engine in text, without audio: what <c>switchboard call simulate</c> (text mode) and agent
/// tests use. Each reply is collected whole and reported to the engine as fully heard.
/// </summary>
/// <remarks>Not thread-safe: one conversation, one caller.</remarks>
public sealed class TextConversation(IResponseEngine engine)
{
    private readonly IResponseEngine _engine = engine ?? throw new ArgumentNullException(nameof(engine));
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);

    /// <summary>Variables collected so far (flow <c>ask</c> nodes, tool mappings).</summary>
    public IReadOnlyDictionary<string, string> Variables => _variables;

    /// <summary>True once a reply ended the call.</summary>
    public bool Ended { get; private set; }

    /// <summary>The node the conversation is in (the last node entered), if the engine has nodes.</summary>
    public string? CurrentNode { get; private set; }

    public Task<ConversationReply> StartAsync(CancellationToken cancellationToken) => CollectAsync(_engine.StartAsync(cancellationToken), cancellationToken);

    /// <exception cref="InvalidOperationException">The call has already ended.</exception>
    public Task<ConversationReply> SendAsync(UserTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (Ended) throw new InvalidOperationException("The call has ended; no more turns can be sent.");
        return CollectAsync(_engine.RespondAsync(turn, cancellationToken), cancellationToken);
    }

    /// <exception cref="InvalidOperationException">The call has already ended.</exception>
    public Task<ConversationReply> NoInputAsync(int count, CancellationToken cancellationToken)
    {
        if (Ended) throw new InvalidOperationException("The call has ended; no more turns can be sent.");
        return CollectAsync(_engine.NoInputAsync(count, cancellationToken), cancellationToken);
    }

    private async Task<ConversationReply> CollectAsync(IAsyncEnumerable<ResponseEvent> events, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var tools = new List<ToolCallCompleted>();
        var arguments = new Dictionary<string, string>();
        var nodes = new List<NodeEntered>();
        var actions = new List<CallAction>();
        var failures = new List<ResponseFailed>();
        var changed = new Dictionary<string, string>();
        await foreach (var item in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            switch (item)
            {
                case TextDelta delta:
                    text.Append(delta.Text);
                    break;
                case ToolCallStarted started:
                    arguments[started.IdempotencyKey] = started.Arguments.GetRawText();
                    break;
                case ToolCallCompleted done:
                    tools.Add(done);
                    break;
                case NodeEntered node:
                    nodes.Add(node);
                    CurrentNode = node.NodeId;
                    break;
                case VariablesChanged variables:
                    foreach (var (key, value) in variables.Values)
                    {
                        _variables[key] = value;
                        changed[key] = value;
                    }
                    break;
                case CallAction action:
                    actions.Add(action);
                    if (action.Kind is CallActionKind.EndCall or CallActionKind.Transfer) Ended = true;
                    break;
                case ResponseFailed failed:
                    failures.Add(failed);
                    break;
            }
        }
        var said = text.ToString();
        if (said.Length > 0) _engine.Heard(said, interrupted: false);
        return new ConversationReply
        {
            Text = said,
            ToolCalls = tools,
            ToolArguments = arguments,
            Nodes = nodes,
            Actions = actions,
            Variables = changed,
            Failures = failures,
        };
    }
}
