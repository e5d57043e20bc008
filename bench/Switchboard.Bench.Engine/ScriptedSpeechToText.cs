using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Switchboard.Bench.Engine;

/// <summary>
/// An STT stub for text turns: reads the utterance's audio to its end (as a recognizer would) and then returns a fixed
/// final transcript. Holds no decoder, so memory figures exclude STT as the goal asks. Thread-safe.
/// </summary>
internal sealed class ScriptedSpeechToText(string text) : ISpeechToTextClient
{
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
}
