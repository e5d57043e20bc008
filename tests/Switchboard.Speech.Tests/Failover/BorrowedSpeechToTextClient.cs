// The speech interfaces of Microsoft.Extensions.AI 10.11 are experimental (MEAI001); they are our contract (§6).
#pragma warning disable MEAI001

using Microsoft.Extensions.AI;

namespace Switchboard.Speech.Tests.Failover;

/// <summary>Lends the shared warm recogniser to a failover client without letting it be disposed with it.</summary>
internal sealed class BorrowedSpeechToTextClient(ISpeechToTextClient inner) : ISpeechToTextClient
{
    public Task<SpeechToTextResponse> GetTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default) =>
        inner.GetTextAsync(audioSpeechStream, options, cancellationToken);

    public IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default) =>
        inner.GetStreamingTextAsync(audioSpeechStream, options, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);

    public void Dispose()
    {
    }
}
