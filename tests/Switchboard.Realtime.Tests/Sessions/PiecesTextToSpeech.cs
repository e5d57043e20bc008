using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;

#pragma warning disable MEAI001

namespace Switchboard.Realtime.Tests.Sessions;

/// <summary>
/// A TTS stub that speaks every text as the same samples (raw PCM, 16 kHz), streamed in pieces of the given sample
/// counts, as a streaming vendor sends them; no pieces given: the whole at once, as flite does.
/// </summary>
internal sealed class PiecesTextToSpeech(short[] samples, params int[] pieces) : ITextToSpeechClient
{
    public Task<TextToSpeechResponse> GetAudioAsync(string text, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("streaming only");

    public IAsyncEnumerable<TextToSpeechResponseUpdate> GetStreamingAudioAsync(string text, TextToSpeechOptions? options = null,
        CancellationToken cancellationToken = default) => Stream(cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private async IAsyncEnumerable<TextToSpeechResponseUpdate> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sizes = pieces.Length == 0 ? [samples.Length] : pieces;
        var at = 0;
        foreach (var size in sizes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            var bytes = MemoryMarshal.AsBytes(samples.AsSpan(at, size)).ToArray();
            at += size;
            yield return new TextToSpeechResponseUpdate([new DataContent(bytes, "audio/pcm;rate=16000")]);
        }
    }
}
