// MEAI speech contracts are experimental (MEAI001); they are what we test against.
#pragma warning disable MEAI001

using Microsoft.Extensions.AI;
using Switchboard.Speech.Flite;
using Switchboard.Speech.PocketSphinx;
using Xunit.Abstractions;

namespace Switchboard.Speech.Tests.PocketSphinx;

/// <summary>
/// pocketsphinx ends its utterance after <see cref="PocketSphinxSpeechToTextClientOptions.EndOfUtteranceSilence"/>, so
/// the final is decoded while the call's endpointing silence (480 ms here) is still being fed, not after the stream
/// closes, and it is the same text the recognizer gives when it only finalizes at the end.
/// </summary>
public sealed class PocketSphinxEarlyFinalTests(ITestOutputHelper output)
{
    private const int Frame = 320; // 20 ms at 16 kHz, as the call feeds it
    private const int EndpointingSamples = 480 * 16;

    [NativeFact(flite: true, pocketSphinx: true)]
    public async Task The_final_comes_inside_the_endpointing_silence_with_the_text_of_a_final_taken_at_the_end()
    {
        short[] audio = PhraseThenEndpointingSilence("i would like to book a cleaning appointment for next tuesday", out int speechEnd);
        int totalFrames = (audio.Length + Frame - 1) / Frame;

        using var early = new PocketSphinxSpeechToTextClient(new PocketSphinxSpeechToTextClientOptions
        {
            PoolSize = 1,
            EndOfUtteranceSilence = TimeSpan.FromMilliseconds(150),
        });
        using var late = new PocketSphinxSpeechToTextClient(new PocketSphinxSpeechToTextClientOptions
        {
            PoolSize = 1,
            EndOfUtteranceSilence = TimeSpan.FromSeconds(2),
        });
        var (earlyFinal, earlyFramesFed) = await FirstFinalAsync(early, audio);
        var (lateFinal, lateFramesFed) = await FirstFinalAsync(late, audio);
        output.WriteLine($"early: '{earlyFinal.Text}' after {earlyFramesFed}/{totalFrames} frames, ends {earlyFinal.EndTime}; " +
            $"late: '{lateFinal.Text}' after {lateFramesFed}/{totalFrames} frames");

        Assert.True(earlyFramesFed < totalFrames, "the early final waited for the end of the stream");
        Assert.Equal(totalFrames, lateFramesFed);
        Assert.Equal(lateFinal.Text, earlyFinal.Text);
        Assert.Contains("tuesday", earlyFinal.Text, StringComparison.Ordinal);

        // Its end time says how far it vouches for the audio: past the speech, inside the silence.
        var speechEndTime = TimeSpan.FromTicks(speechEnd * TimeSpan.TicksPerSecond / 16000);
        Assert.InRange(earlyFinal.EndTime!.Value, speechEndTime, speechEndTime + TimeSpan.FromMilliseconds(480));
    }

    [Fact]
    public void An_end_of_utterance_silence_out_of_range_is_rejected_before_loading_anything()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PocketSphinxSpeechToTextClient(
            new PocketSphinxSpeechToTextClientOptions { EndOfUtteranceSilence = TimeSpan.FromMilliseconds(50) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PocketSphinxSpeechToTextClient(
            new PocketSphinxSpeechToTextClientOptions { EndOfUtteranceSilence = TimeSpan.FromSeconds(3) }));
    }

    private static short[] PhraseThenEndpointingSilence(string text, out int speechEnd)
    {
        short[] speech = FliteEngine.Synthesize(text, FliteVoice.Slt, out _);
        int end = speech.Length;
        while (end > 0 && Math.Abs((int)speech[end - 1]) < 300)
        {
            end--;
        }

        const int lead = 4000;
        short[] audio = new short[lead + end + EndpointingSamples];
        speech.AsSpan(0, end).CopyTo(audio.AsSpan(lead));
        speechEnd = lead + end;
        return audio;
    }

    private static async Task<(SpeechToTextResponseUpdate Final, int FramesFed)> FirstFinalAsync(PocketSphinxSpeechToTextClient client, short[] audio)
    {
        var fed = new int[1];
        SpeechToTextResponseUpdate? final = null;
        int framesAtFinal = 0;
        await foreach (var update in client.GetStreamingTextAsync(Frames(audio, fed), 16000))
        {
            if (update.Kind == SpeechToTextResponseUpdateKind.TextUpdated && final is null)
            {
                final = update;
                framesAtFinal = fed[0];
            }
        }

        Assert.NotNull(final);
        return (final, framesAtFinal);
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<short>> Frames(short[] samples, int[] fed)
    {
        for (int offset = 0; offset < samples.Length; offset += Frame)
        {
            await Task.Yield();
            fed[0]++;
            yield return samples.AsMemory(offset, Math.Min(Frame, samples.Length - offset));
        }
    }
}
