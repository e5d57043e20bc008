using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Switchboard.Bench.Engine;

/// <summary>
/// An STT stub for text turns: reads the utterance's audio to its end (as a recognizer would) and then returns a fixed
/// final transcript. Holds no decoder, so memory figures exclude STT as the goal asks. Takes samples, as pocketsphinx,
/// Deepgram and the failover client do, so the session feeds it the way it feeds them. Thread-safe.
/// </summary>
internal sealed class ScriptedSpeechToText(string text) : Switchboard.Speech.IPcmSpeechToTextClient
{
    public IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(IAsyncEnumerable<ReadOnlyMemory<short>> audio, int sampleRate,
        SpeechToTextOptions? options = null, CancellationToken cancellationToken = default) => Recognize(audio, cancellationToken);

    public Task<SpeechToTextResponse> GetTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new SpeechToTextResponse(text));

    public IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null,
        CancellationToken cancellationToken = default) => Recognize(audioSpeechStream, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private async IAsyncEnumerable<SpeechToTextResponseUpdate> Recognize(Stream audio, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        while (await audio.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
        {
        }
        yield return new SpeechToTextResponseUpdate(text) { Kind = SpeechToTextResponseUpdateKind.TextUpdated };
    }

    private async IAsyncEnumerable<SpeechToTextResponseUpdate> Recognize(IAsyncEnumerable<ReadOnlyMemory<short>> audio,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var _ in audio.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
        }
        yield return new SpeechToTextResponseUpdate(text) { Kind = SpeechToTextResponseUpdateKind.TextUpdated };
    }
}
