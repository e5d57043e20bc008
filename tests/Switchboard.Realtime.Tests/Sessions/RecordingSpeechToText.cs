using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

#pragma warning disable MEAI001

namespace Switchboard.Realtime.Tests.Sessions;

/// <summary>Passes recognition through to a real recognizer and notes every final it yields, in order.</summary>
internal sealed class RecordingSpeechToText(ISpeechToTextClient inner) : ISpeechToTextClient
{
    public ConcurrentQueue<string> Finals { get; } = new();

    public Task<SpeechToTextResponse> GetTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default) =>
        inner.GetTextAsync(audioSpeechStream, options, cancellationToken);

    public async IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in inner.GetStreamingTextAsync(audioSpeechStream, options, cancellationToken).ConfigureAwait(false))
        {
            if (update.Kind == SpeechToTextResponseUpdateKind.TextUpdated) Finals.Enqueue(update.Text ?? "");
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);

    // The inner recognizer is shared by the test class; it is not ours to dispose.
    public void Dispose()
    {
    }
}
