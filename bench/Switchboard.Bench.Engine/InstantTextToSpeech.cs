using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Switchboard.Bench.Engine;

/// <summary>
/// A TTS stub that answers every sentence with the same precomputed 16 kHz PCM at once. Only for measuring the engine
/// (never the provider): the time it takes is charged to <see cref="ProviderClock"/>. Thread-safe.
/// </summary>
internal sealed class InstantTextToSpeech(ReadOnlyMemory<byte> pcm16k, ProviderClock? clock = null) : ITextToSpeechClient
{
    public Task<TextToSpeechResponse> GetAudioAsync(string text, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new TextToSpeechResponse([new DataContent(pcm16k, "audio/pcm;rate=16000")]));

    public IAsyncEnumerable<TextToSpeechResponseUpdate> GetStreamingAudioAsync(string text, TextToSpeechOptions? options = null,
        CancellationToken cancellationToken = default) => Stream(cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private async IAsyncEnumerable<TextToSpeechResponseUpdate> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        cancellationToken.ThrowIfCancellationRequested();
        var update = new TextToSpeechResponseUpdate([new DataContent(pcm16k, "audio/pcm;rate=16000")]);
        clock?.Add(TimeProvider.System.GetElapsedTime(started));
        yield return update;
        await Task.CompletedTask.ConfigureAwait(false);
    }
}
