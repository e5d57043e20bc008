using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Switchboard.Speech;

#pragma warning disable MEAI001

namespace Switchboard.Realtime.Tests.Sessions;

/// <summary>
/// A recognizer that only takes samples (its stream entry point throws): notes each chunk's length and, when the
/// utterance's audio ends, yields <paramref name="final"/> if it received any.
/// </summary>
internal sealed class PcmOnlySpeechToText(string final) : IPcmSpeechToTextClient
{
    public List<int> ChunkLengths { get; } = [];

    public List<int> SampleRates { get; } = [];

    public async IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(IAsyncEnumerable<ReadOnlyMemory<short>> audio, int sampleRate,
        SpeechToTextOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var samples = 0;
        await foreach (var chunk in audio.WithCancellation(cancellationToken))
        {
            lock (ChunkLengths) ChunkLengths.Add(chunk.Length);
            samples += chunk.Length;
        }
        lock (ChunkLengths) SampleRates.Add(sampleRate);
        if (samples > 0) yield return new SpeechToTextResponseUpdate(final) { Kind = SpeechToTextResponseUpdateKind.TextUpdated };
    }

    public Task<SpeechToTextResponse> GetTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("samples only");

    public IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null,
        CancellationToken cancellationToken = default) => throw new NotSupportedException("samples only");

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
