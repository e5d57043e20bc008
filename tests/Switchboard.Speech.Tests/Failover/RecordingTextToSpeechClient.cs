// The speech interfaces of Microsoft.Extensions.AI 10.11 are experimental (MEAI001); they are our contract (§6).
#pragma warning disable MEAI001

using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Switchboard.Speech.Tests.Failover;

/// <summary>A tiny streaming fallback that records the text pieces it was given and answers each with 10 ms of silence.</summary>
internal sealed class RecordingTextToSpeechClient : IStreamingTextToSpeechClient
{
    internal List<string> Pieces { get; } = [];

    internal int Calls { get; private set; }

    internal TextToSpeechOptions? LastOptions { get; private set; }

    public async Task<TextToSpeechResponse> GetAudioAsync(string text, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default)
    {
        var updates = new List<TextToSpeechResponseUpdate>();
        await foreach (var update in GetStreamingAudioAsync(text, options, cancellationToken))
        {
            updates.Add(update);
        }

        return new TextToSpeechResponse(updates.SelectMany(u => u.Contents).ToList());
    }

    public IAsyncEnumerable<TextToSpeechResponseUpdate> GetStreamingAudioAsync(string text, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingAudioAsync(One(text), options, cancellationToken);

    public async IAsyncEnumerable<TextToSpeechResponseUpdate> GetStreamingAudioAsync(
        IAsyncEnumerable<string> textPieces, TextToSpeechOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Calls++;
        LastOptions = options;
        await foreach (string piece in textPieces.WithCancellation(cancellationToken))
        {
            Pieces.Add(piece);
            yield return new TextToSpeechResponseUpdate([new DataContent(new byte[320], "audio/pcm;rate=16000")])
            {
                Kind = TextToSpeechResponseUpdateKind.AudioUpdating,
            };
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(TextToSpeechClientMetadata) ? new TextToSpeechClientMetadata("recording") : null;

    public void Dispose()
    {
    }

    private static async IAsyncEnumerable<string> One(string text)
    {
        await Task.Yield();
        yield return text;
    }
}
