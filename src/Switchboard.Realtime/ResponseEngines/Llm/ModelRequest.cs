using System.Text;
using Microsoft.Extensions.AI;

namespace Switchboard.Realtime.ResponseEngines.Llm;

/// <summary>One model request of a response and what its stream brought back.</summary>
internal sealed class ModelRequest(List<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken)
{
    public List<ChatMessage> Messages { get; } = messages;
    public ChatOptions Options { get; } = options;

    /// <summary>The response's token: the caller barging in cancels it.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    public StringBuilder Text { get; } = new();
    public List<FunctionCallContent> Calls { get; } = [];
    public UsageDetails Usage { get; } = new();
    public TimeSpan? TimeToFirstToken { get; set; }
    public bool Interrupted { get; set; }
    public string? FailureCode { get; private set; }
    public string? FailureMessage { get; private set; }

    public void Fail(string code, string message)
    {
        FailureCode = code;
        FailureMessage = message;
    }

    /// <summary>
    /// Providers report usage in pieces (Anthropic: input at message start, output at the end) or cumulatively, so each
    /// count keeps its largest report rather than a sum that would double count.
    /// </summary>
    public void AddUsage(UsageDetails details)
    {
        Usage.InputTokenCount = Max(Usage.InputTokenCount, details.InputTokenCount);
        Usage.OutputTokenCount = Max(Usage.OutputTokenCount, details.OutputTokenCount);
        Usage.CachedInputTokenCount = Max(Usage.CachedInputTokenCount, details.CachedInputTokenCount);
    }

    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
