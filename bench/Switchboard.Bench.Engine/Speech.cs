using Microsoft.Extensions.AI;
using Switchboard.Speech.Flite;

namespace Switchboard.Bench.Engine;

/// <summary>Caller and agent audio made once with flite (16 kHz PCM), shared by every simulated call.</summary>
internal static class Speech
{
    public static async Task<short[]> SamplesAsync(ITextToSpeechClient tts, string text)
    {
        var bytes = await BytesAsync(tts, text).ConfigureAwait(false);
        var samples = new short[bytes.Length / 2];
        Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * 2);
        return samples;
    }

    public static async Task<byte[]> BytesAsync(ITextToSpeechClient tts, string text)
    {
        var response = await tts.GetAudioAsync(text, new TextToSpeechOptions { AudioFormat = FliteTextToSpeechClient.PcmMediaType }).ConfigureAwait(false);
        return ((DataContent)response.Contents[0]).Data.ToArray();
    }
}
