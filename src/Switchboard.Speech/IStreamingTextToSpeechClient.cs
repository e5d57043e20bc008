// The speech interfaces of Microsoft.Extensions.AI 10.11 are experimental (MEAI001); they are our contract (§6).
#pragma warning disable MEAI001

using Microsoft.Extensions.AI;

namespace Switchboard.Speech;

/// <summary>
/// A text-to-speech client that can start speaking before the whole text is known: it takes the text in pieces as an
/// LLM produces it. MEAI's <see cref="ITextToSpeechClient"/> only takes a finished string.
/// </summary>
/// <remarks>Implementations state their own thread-safety; all of ours are safe for concurrent requests. The caller
/// owns the piece sequence; the client enumerates it once.</remarks>
public interface IStreamingTextToSpeechClient : ITextToSpeechClient
{
    /// <summary>
    /// Synthesises text arriving in pieces (e.g. LLM tokens), yielding audio as soon as the provider produces it.
    /// Updates whose audio starts a new stretch of text carry that text under <c>AdditionalProperties["text"]</c>.
    /// </summary>
    IAsyncEnumerable<TextToSpeechResponseUpdate> GetStreamingAudioAsync(
        IAsyncEnumerable<string> textPieces, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default);
}
