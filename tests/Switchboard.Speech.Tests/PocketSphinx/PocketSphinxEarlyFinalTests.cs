// MEAI speech contracts are experimental (MEAI001); they are what we test against.
#pragma warning disable MEAI001

using Microsoft.Extensions.AI;
using Switchboard.Speech.Flite;
using Switchboard.Speech.PocketSphinx;
using Xunit.Abstractions;

namespace Switchboard.Speech.Tests.PocketSphinx;

/// <summary>
/// pocketsphinx decodes the final at the first short pause (<see cref="PocketSphinxSpeechToTextClientOptions.EarlyFinalSilence"/>)
/// while the call's endpointing silence (480 ms here) is still being fed, instead of after the stream closes; when the
/// speaker goes on, the utterance is decoded again as one, so the text is the one a single late final gives.
/// </summary>
public sealed class PocketSphinxEarlyFinalTests(ITestOutputHelper output)
{
    private const int Frame = 320; // 20 ms at 16 kHz, as the call feeds it
    private const int EndpointingSamples = 480 * 16;

    [NativeFact(flite: true, pocketSphinx: true)]
    public async Task The_final_is_decoded_inside_the_endpointing_silence_with_the_text_of_a_final_taken_at_the_end()
    {
        short[] audio = Concat(Phrase("i would like to book a cleaning appointment for next tuesday", out int speechEnd), new short[EndpointingSamples]);

        using var early = new PocketSphinxSpeechToTextClient(new PocketSphinxSpeechToTextClientOptions { PoolSize = 1 });
        using var late = LateClient();
        var earlyFinals = await FinalsAsync(early, audio);
        var lateFinals = await FinalsAsync(late, audio);
        var (ends, resumes) = await CountersAsync(early);
        output.WriteLine($"early: {string.Join(" | ", earlyFinals.Select(f => $"'{f.Text}' ends {f.EndTime}"))}; late: '{lateFinals[0].Text}'; " +
            $"speculative ends {ends}, resumes {resumes}");

        var final = Assert.Single(earlyFinals);
        Assert.Equal(Assert.Single(lateFinals).Text, final.Text);
        Assert.Contains("tuesday", final.Text, StringComparison.Ordinal);
        Assert.Equal(1, ends); // decoded at the pause, before the stream's end
        Assert.Equal(0, resumes);

        // Its end time says how far it vouches for the audio: past the speech, inside the silence.
        var speechEndTime = TimeSpan.FromTicks(speechEnd * TimeSpan.TicksPerSecond / 16000);
        Assert.InRange(final.EndTime!.Value, speechEndTime, speechEndTime + TimeSpan.FromMilliseconds(480));
    }

    [NativeFact(flite: true, pocketSphinx: true)]
    public async Task A_pause_shorter_than_the_end_of_utterance_silence_does_not_split_the_utterance()
    {
        short[] audio = Concat(
            Phrase("i would like to book a cleaning", out _),
            new short[300 * 16],
            Phrase("for next tuesday morning", out _, lead: 0),
            new short[EndpointingSamples]);

        using var early = new PocketSphinxSpeechToTextClient(new PocketSphinxSpeechToTextClientOptions { PoolSize = 1 });
        using var late = LateClient();
        var earlyFinals = await FinalsAsync(early, audio);
        var lateFinals = await FinalsAsync(late, audio);
        var (ends, resumes) = await CountersAsync(early);
        output.WriteLine($"early: {string.Join(" | ", earlyFinals.Select(f => f.Text))}; late: {string.Join(" | ", lateFinals.Select(f => f.Text))}; " +
            $"speculative ends {ends}, resumes {resumes}");

        Assert.True(resumes >= 1, "the 300 ms pause never ended the utterance speculatively");
        Assert.Equal(Assert.Single(lateFinals).Text, Assert.Single(earlyFinals).Text);
    }

    [Fact]
    public void Silences_out_of_range_are_rejected_before_loading_anything()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PocketSphinxSpeechToTextClient(
            new PocketSphinxSpeechToTextClientOptions { EarlyFinalSilence = TimeSpan.FromMilliseconds(50) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PocketSphinxSpeechToTextClient(
            new PocketSphinxSpeechToTextClientOptions { EarlyFinalSilence = TimeSpan.FromMilliseconds(600) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PocketSphinxSpeechToTextClient(
            new PocketSphinxSpeechToTextClientOptions { EndOfUtteranceSilence = TimeSpan.FromSeconds(3) }));
    }

    // Finalizes only when the stream ends (no pause in these tests reaches 2 s): the reference transcript.
    private static PocketSphinxSpeechToTextClient LateClient() => new(new PocketSphinxSpeechToTextClientOptions
    {
        PoolSize = 1,
        EarlyFinalSilence = TimeSpan.FromSeconds(2),
        EndOfUtteranceSilence = TimeSpan.FromSeconds(2),
    });

    private static async Task<(int SpeculativeEnds, int Resumes)> CountersAsync(PocketSphinxSpeechToTextClient client)
    {
        var decoder = await client.Pool.RentAsync(CancellationToken.None);
        try
        {
            return (decoder.SpeculativeEnds, decoder.Resumes);
        }
        finally
        {
            client.Pool.Return(decoder);
        }
    }

    private static short[] Concat(params short[][] parts)
    {
        var all = new short[parts.Sum(p => p.Length)];
        int at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(all, at);
            at += part.Length;
        }

        return all;
    }

    // The speech alone (flite's own leading and trailing silence cut), after `lead` samples of silence.
    private static short[] Phrase(string text, out int speechEnd, int lead = 4000)
    {
        short[] speech = FliteEngine.Synthesize(text, FliteVoice.Slt, out _);
        int start = 0;
        int end = speech.Length;
        while (end > 0 && Math.Abs((int)speech[end - 1]) < 300)
        {
            end--;
        }

        while (start < end && Math.Abs((int)speech[start]) < 300)
        {
            start++;
        }

        short[] audio = new short[lead + end - start];
        speech.AsSpan(start, end - start).CopyTo(audio.AsSpan(lead));
        speechEnd = audio.Length;
        return audio;
    }

    private static async Task<List<SpeechToTextResponseUpdate>> FinalsAsync(PocketSphinxSpeechToTextClient client, short[] audio)
    {
        var finals = new List<SpeechToTextResponseUpdate>();
        await foreach (var update in client.GetStreamingTextAsync(Frames(audio), 16000))
        {
            if (update.Kind == SpeechToTextResponseUpdateKind.TextUpdated)
            {
                finals.Add(update);
            }
        }

        return finals;
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<short>> Frames(short[] samples)
    {
        for (int offset = 0; offset < samples.Length; offset += Frame)
        {
            await Task.Yield();
            yield return samples.AsMemory(offset, Math.Min(Frame, samples.Length - offset));
        }
    }
}
