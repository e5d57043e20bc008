using Microsoft.Extensions.AI;

namespace Switchboard.Realtime.ResponseEngines.Llm;

/// <summary>
/// The messages sent to the model: the system prompt first, then the conversation. Knows which messages belong to the
/// response in progress (so <see cref="ApplyHeard"/> can cut them back to what the caller heard) and how to drop old
/// turns to stay within a token budget.
/// </summary>
/// <remarks>Not thread-safe; owned by one engine, which never runs two responses at once.</remarks>
internal sealed class ConversationHistory
{
    private readonly List<ChatMessage> _messages;
    private int _responseStart;

    public ConversationHistory(ChatMessage systemPrompt)
    {
        _messages = [systemPrompt];
        _responseStart = 1;
    }

    public IReadOnlyList<ChatMessage> Messages => _messages;

    /// <summary>Marks the start of a new response: messages added from now on are what <see cref="ApplyHeard"/> trims.</summary>
    public void BeginResponse() => _responseStart = _messages.Count;

    public void Add(ChatMessage message) => _messages.Add(message);

    /// <summary>
    /// Adds spoken text to the response: appended to the last message when that is an assistant message of this response
    /// without tool calls (so a fallback line follows partial text in one message), else as a new assistant message.
    /// </summary>
    public void AddAssistantText(string text)
    {
        if (text.Length == 0) return;
        var last = _messages[^1];
        if (_messages.Count - 1 >= _responseStart && last.Role == ChatRole.Assistant && !HasFunctionCalls(last))
        {
            var existing = last.Text;
            ReplaceText(last, existing.Length == 0 ? text : existing + " " + text);
            return;
        }
        _messages.Add(new ChatMessage(ChatRole.Assistant, text));
    }

    /// <summary>
    /// Replaces the text of this response's assistant messages with what the caller actually heard. The heard text is
    /// a prefix of the streamed text (whitespace aside), so it is handed out over the assistant messages in order: each
    /// keeps its text while the heard text still covers it, the one where it stops is cut there, and later ones lose
    /// their text. Tool calls and results are kept (they happened, heard or not); messages left empty are removed.
    /// </summary>
    public void ApplyHeard(string heard)
    {
        var remaining = heard.Trim();
        for (var i = _responseStart; i < _messages.Count; i++)
        {
            var message = _messages[i];
            if (message.Role != ChatRole.Assistant) continue;
            var original = message.Text.Trim();
            if (original.Length == 0) continue;

            string kept;
            if (remaining.StartsWith(original, StringComparison.Ordinal) && !IsLastAssistantText(i))
            {
                kept = original;
                remaining = remaining[original.Length..].TrimStart();
            }
            else
            {
                kept = remaining;
                remaining = "";
            }

            ReplaceText(message, kept);
            if (message.Contents.Count == 0)
            {
                _messages.RemoveAt(i);
                i--;
            }
        }
    }

    /// <summary>
    /// Drops the oldest turns until the estimate fits <paramref name="budgetTokens"/>. A turn is a user message and
    /// everything after it up to the next user message, so an assistant tool call always leaves together with its
    /// results. Never dropped: the system prompt, the latest turn (the one being answered), and any turn holding a
    /// tool call whose result is not in the history yet. Returns how many messages were dropped.
    /// </summary>
    public int TrimToBudget(int budgetTokens)
    {
        var total = 0;
        foreach (var message in _messages) total += TokenEstimator.Estimate(message);

        var dropped = 0;
        while (total > budgetTokens)
        {
            var end = NextTurnStart(1);
            if (end < 0 || end >= _messages.Count) break; // only the latest turn is left
            if (HasUnresolvedCalls(1, end)) break;
            for (var i = 1; i < end; i++) total -= TokenEstimator.Estimate(_messages[i]);
            _messages.RemoveRange(1, end - 1);
            _responseStart = Math.Max(1, _responseStart - (end - 1));
            dropped += end - 1;
        }
        return dropped;
    }

    /// <summary>Index of the first user message after <paramref name="from"/> (exclusive of <paramref name="from"/> itself), or -1.</summary>
    private int NextTurnStart(int from)
    {
        for (var i = from + 1; i < _messages.Count; i++)
        {
            if (_messages[i].Role == ChatRole.User) return i;
        }
        return -1;
    }

    private bool HasUnresolvedCalls(int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            foreach (var content in _messages[i].Contents)
            {
                if (content is FunctionCallContent call && !HasResult(call.CallId)) return true;
            }
        }
        return false;
    }

    private bool HasResult(string callId)
    {
        foreach (var message in _messages)
        {
            foreach (var content in message.Contents)
            {
                if (content is FunctionResultContent result && result.CallId == callId) return true;
            }
        }
        return false;
    }

    private bool IsLastAssistantText(int index)
    {
        for (var i = index + 1; i < _messages.Count; i++)
        {
            if (_messages[i].Role == ChatRole.Assistant && _messages[i].Text.Trim().Length > 0) return false;
        }
        return true;
    }

    private static bool HasFunctionCalls(ChatMessage message)
    {
        foreach (var content in message.Contents)
        {
            if (content is FunctionCallContent) return true;
        }
        return false;
    }

    /// <summary>Text goes first: what the assistant said before the tool calls it made.</summary>
    private static void ReplaceText(ChatMessage message, string text)
    {
        for (var i = message.Contents.Count - 1; i >= 0; i--)
        {
            if (message.Contents[i] is TextContent) message.Contents.RemoveAt(i);
        }
        if (text.Length > 0) message.Contents.Insert(0, new TextContent(text));
    }
}
