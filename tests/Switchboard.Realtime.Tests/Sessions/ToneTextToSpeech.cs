using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

#pragma warning disable MEAI001

namespace Switchboard.Realtime.Tests.Sessions;

/// <summary>A TTS stub: every text becomes the same <paramref name="seconds"/> of a 16 kHz tone, returned at once.</summary>
internal sealed class ToneTextToSpeech(double seconds) : ITextToSpeechClient
{
    private readonly byte[] _pcm = Tone(seconds);

    public Task<TextToSpeechResponse> GetAudioAsync(string text, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new TextToSpeechResponse([new DataContent(_pcm, "audio/pcm;rate=16000")]));

    public IAsyncEnumerable<TextToSpeechResponseUpdate> GetStreamingAudioAsync(string text, TextToSpeechOptions? options = null,
        CancellationToken cancellationToken = default) => Stream(cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private async IAsyncEnumerable<TextToSpeechResponseUpdate> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await Task.Yield();
        yield return new TextToSpeechResponseUpdate([new DataContent(_pcm, "audio/pcm;rate=16000")]);
    }

    private static byte[] Tone(double seconds)
    {
        var samples = (int)(16_000 * seconds);
        var bytes = new byte[samples * 2];
        for (var i = 0; i < samples; i++)
        {
            var value = (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / 16_000));
            bytes[2 * i] = (byte)value;
            bytes[(2 * i) + 1] = (byte)(value >> 8);
        }
        return bytes;
    }
}
