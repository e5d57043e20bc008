// The speech interfaces of Microsoft.Extensions.AI 10.11 are experimental (MEAI001); they are our contract (§6).
#pragma warning disable MEAI001

using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Switchboard.Speech.Tests.Failover;

/// <summary>A tiny frame-fed fallback that reports how many samples it heard, and in how many chunks, as one final.</summary>
internal sealed class CountingPcmSpeechToTextClient : IPcmSpeechToTextClient
{
    internal List<short> Samples { get; } = [];

    public Task<SpeechToTextResponse> GetTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public async IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(
        IAsyncEnumerable<ReadOnlyMemory<short>> audio, int sampleRate, SpeechToTextOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        int chunks = 0;
        await foreach (var chunk in audio.WithCancellation(cancellationToken))
        {
            chunks++;
            Samples.AddRange(chunk.Span);
        }

        yield return new SpeechToTextResponseUpdate($"{Samples.Count} samples at {sampleRate} in {chunks} chunks") { Kind = SpeechToTextResponseUpdateKind.TextUpdated };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(SpeechToTextClientMetadata) ? new SpeechToTextClientMetadata("counting-pcm") : null;

    public void Dispose()
    {
    }
}
