using System.Text;
using Microsoft.Extensions.AI;

namespace Switchboard.Realtime.ResponseEngines.Llm;

/// <summary>One model request of a response: streams it, yielding text as it arrives, and keeps what it brought back.</summary>
/// <remarks>Single use; not thread-safe.</remarks>
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

    /// <summary>
    /// Streams the request, yielding each text delta and collecting tool calls and usage. Never throws: the caller's
    /// cancellation sets <see cref="Interrupted"/>, anything else (including no token within
    /// <paramref name="firstTokenTimeout"/> on <paramref name="time"/>) sets <see cref="FailureCode"/>.
    /// </summary>
    public async IAsyncEnumerable<ResponseEvent> StreamAsync(IChatClient chat, TimeProvider time, TimeSpan firstTokenTimeout)
    {
        var started = time.GetTimestamp();
        using var timeout = new CancellationTokenSource(firstTokenTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken, timeout.Token);
        IAsyncEnumerator<ChatResponseUpdate>? stream = null;
        try
        {
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    stream ??= chat.GetStreamingResponseAsync(Messages, Options, linked.Token).GetAsyncEnumerator(linked.Token);
                    if (!await stream.MoveNextAsync()) break;
                    update = stream.Current;
                }
                catch (Exception) when (CancellationToken.IsCancellationRequested)
                {
                    Interrupted = true;
                    break;
                }
                catch (Exception) when (timeout.IsCancellationRequested && TimeToFirstToken is null)
                {
                    Fail("first_token_timeout", $"No token from the model within {firstTokenTimeout.TotalSeconds:0.###} s.");
                    break;
                }
                catch (Exception ex)
                {
                    Fail("provider_error", $"{ex.GetType().Name}: {ex.Message}");
                    break;
                }

                foreach (var content in update.Contents)
                {
                    switch (content)
                    {
                        case TextContent text when text.Text.Length > 0:
                            MarkFirstToken(time, started, timeout);
                            Text.Append(text.Text);
                            yield return new TextDelta(text.Text);
                            break;
                        case FunctionCallContent call:
                            MarkFirstToken(time, started, timeout);
                            Calls.Add(call);
                            break;
                        case UsageContent usage:
                            AddUsage(usage.Details);
                            break;
                    }
                }
            }
        }
        finally
        {
            if (stream is not null) await DisposeQuietlyAsync(stream);
        }
    }

    private void MarkFirstToken(TimeProvider time, long started, CancellationTokenSource timeout)
    {
        if (TimeToFirstToken is not null) return;
        TimeToFirstToken = time.GetElapsedTime(started);
        timeout.CancelAfter(Timeout.InfiniteTimeSpan);
    }

    private static async ValueTask DisposeQuietlyAsync(IAsyncEnumerator<ChatResponseUpdate> stream)
    {
        try
        {
            await stream.DisposeAsync();
        }
        catch (Exception)
        {
            // Tearing down a cancelled or failed HTTP stream may throw again; the outcome is already decided.
        }
    }

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
