// The speech interfaces of Microsoft.Extensions.AI 10.11 are experimental (MEAI001); they are our contract (§6).
#pragma warning disable MEAI001

using Microsoft.Extensions.AI;

namespace Switchboard.Speech;

/// <summary>
/// A speech-to-text client that can be fed the call's PCM16 media frames directly, as they arrive, instead of a
/// <see cref="Stream"/> (MEAI's <see cref="ISpeechToTextClient"/> only takes a stream).
/// </summary>
/// <remarks>Implementations state their own thread-safety; all of ours are safe for concurrent recognitions. Each
/// chunk is consumed (sent or copied) before the next is requested, so the producer may reuse its buffer then.</remarks>
public interface IPcmSpeechToTextClient : ISpeechToTextClient
{
    /// <summary>
    /// Transcribes mono PCM16 chunks at <paramref name="sampleRate"/> (8000, 16000, 24000 or 48000): partial
    /// <see cref="SpeechToTextResponseUpdateKind.TextUpdating"/> updates while an utterance goes on, one
    /// <see cref="SpeechToTextResponseUpdateKind.TextUpdated"/> per utterance.
    /// </summary>
    IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(
        IAsyncEnumerable<ReadOnlyMemory<short>> audio, int sampleRate, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default);
}
