using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Switchboard.Realtime.ResponseEngines.Llm;

// Lines injected into a live call: said as the agent's own, or added as context the caller never hears.
public sealed partial class LlmResponseEngine
{
    /// <summary>Injected context goes in as a user-side note, which every provider accepts mid-conversation (a late system message is not portable).</summary>
    internal const string ContextPrefix = "[Context from the operator; the caller did not say this] ";

    /// <inheritdoc />
    public IAsyncEnumerable<ResponseEvent> SayAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return SayCoreAsync(text, cancellationToken);
    }

    /// <inheritdoc />
    public void AddContext(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        ObjectDisposedException.ThrowIf(_disposed, this);
        _history.Add(new ChatMessage(ChatRole.User, ContextPrefix + text));
    }

    private async IAsyncEnumerable<ResponseEvent> SayCoreAsync(string text, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        _history.BeginResponse();
        _history.AddAssistantText(text);
        yield return new TextDelta(text);
    }
}
