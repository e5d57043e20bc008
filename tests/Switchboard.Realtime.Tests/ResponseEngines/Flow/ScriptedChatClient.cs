using Microsoft.Extensions.AI;

namespace Switchboard.Realtime.Tests.ResponseEngines.Flow;

/// <summary>A chat client that answers each request with the next scripted reply (or throws it) and keeps the prompts.</summary>
internal sealed class ScriptedChatClient(params object[] replies) : IChatClient
{
    private int _next;

    public List<string> Prompts { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Prompts.Add(string.Join("\n", messages.Select(m => m.Text)));
        var reply = replies[_next++ % replies.Length];
        if (reply is Exception ex) throw ex;
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, (string)reply))
        {
            ModelId = "fake-model",
            Usage = new UsageDetails { InputTokenCount = 40, OutputTokenCount = 1 },
        });
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The flow engine only asks for whole responses.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
