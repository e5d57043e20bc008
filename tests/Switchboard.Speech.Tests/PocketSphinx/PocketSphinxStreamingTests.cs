// MEAI speech contracts are experimental (MEAI001); they are what we test against.
#pragma warning disable MEAI001

using Microsoft.Extensions.AI;
using Switchboard.Audio.Wav;
using Switchboard.Speech.Flite;
using Switchboard.Speech.PocketSphinx;
using Xunit.Abstractions;

namespace Switchboard.Speech.Tests.PocketSphinx;

public sealed class PocketSphinxStreamingTests(ITestOutputHelper output)
{
    [NativeFact(flite: true, pocketSphinx: true)]
    public async Task Twenty_ms_frames_at_8kHz_are_transcribed_through_the_chunk_api()
    {
        short[] speech = FliteEngine.Synthesize("hello world", FliteVoice.Kal, out int rate);
        short[] padded = new short[speech.Length + 8000];
        speech.CopyTo(padded, 2000);
        var updates = new List<SpeechToTextResponseUpdate>();
        await foreach (var update in SpeechTestAudio.Recognizer.GetStreamingTextAsync(Frames(padded, 160), rate))
        {
            updates.Add(update);
        }

        var final = Assert.Single(updates, u => u.Kind == SpeechToTextResponseUpdateKind.TextUpdated);
        output.WriteLine(final.Text);
        Assert.Contains("hello", final.Text, StringComparison.Ordinal);
        Assert.True(final.EndTime > final.StartTime);
    }

    [NativeFact(flite: true, pocketSphinx: true)]
    public async Task Two_utterances_separated_by_a_pause_give_two_finals()
    {
        short[] first = SpeechTestAudio.Speak16k("hello world");
        short[] second = SpeechTestAudio.Speak16k("one two three four");
        short[] both = new short[first.Length + 16000 + second.Length];
        first.CopyTo(both, 0);
        second.CopyTo(both, first.Length + 16000);
        using var stream = SpeechTestAudio.RawStream(both);
        var finals = new List<string>();
        await foreach (var update in SpeechTestAudio.Recognizer.GetStreamingTextAsync(stream))
        {
            if (update.Kind == SpeechToTextResponseUpdateKind.TextUpdated)
            {
                finals.Add(update.Text);
            }
        }

        output.WriteLine(string.Join(" | ", finals));
        Assert.Equal(2, finals.Count);
        Assert.Contains("hello", finals[0], StringComparison.Ordinal);
        Assert.Contains("three", finals[1], StringComparison.Ordinal);
    }

    [NativeFact(flite: true, pocketSphinx: true)]
    public async Task Abandoning_a_stream_after_the_first_partial_returns_the_decoder_and_it_still_works()
    {
        var recognizer = SpeechTestAudio.Recognizer;
        short[] audio = SpeechTestAudio.Speak16k("one two three four");
        using (var stream = SpeechTestAudio.RawStream(audio))
        {
            await foreach (var update in recognizer.GetStreamingTextAsync(stream))
            {
                Assert.Equal(SpeechToTextResponseUpdateKind.TextUpdating, update.Kind);
                break;
            }
        }

        for (int i = 0; i < recognizer.PoolSize; i++)
        {
            using var stream = SpeechTestAudio.RawStream(audio);
            var response = await recognizer.GetTextAsync(stream);
            Assert.Contains("three", response.Text, StringComparison.Ordinal);
        }
    }

    [NativeFact(flite: false, pocketSphinx: true)]
    public async Task Pool_is_bounded_a_waiting_rent_can_be_cancelled_and_a_returned_decoder_is_rented_again()
    {
        using var pool = new PocketSphinxDecoderPool(1, PocketSphinxSpeechToTextClientOptions.DebianModelDirectory, 1e-10);
        var held = await pool.RentAsync(CancellationToken.None);

        // The feat_t layout check held, so rented decoders really get their adaptation reset on this platform.
        Assert.True(held.CanResetAdaptation);
        using var cts = new CancellationTokenSource();
        var waiting = pool.RentAsync(cts.Token).AsTask();
        Assert.False(waiting.IsCompleted);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        var next = pool.RentAsync(CancellationToken.None).AsTask();
        Assert.False(next.IsCompleted);
        held.StartUtterance();
        pool.Return(held);
        Assert.Same(held, await next);
        pool.Return(held);
        Assert.Equal(1, pool.IdleCount);
    }

    [NativeFact(flite: true, pocketSphinx: true)]
    public async Task Decoder_adaptation_from_a_previous_call_does_not_leak_into_the_next()
    {
        using var recognizer = new PocketSphinxSpeechToTextClient(new PocketSphinxSpeechToTextClientOptions { PoolSize = 1 });
        // The long sentence is the one whose decoding is sensitive to the cepstral mean.
        short[] sentence = SpeechTestAudio.Speak16k("book an appointment for tuesday");
        string fresh = await Transcribe(recognizer, sentence);

        // Telephone-band speech (kal at 8 kHz, upsampled) has a cepstral mean far from full-band speech.
        short[] kal = FliteEngine.Synthesize("hello world", FliteVoice.Kal, out _);
        for (int i = 0; i < 3; i++)
        {
            await foreach (var update in recognizer.GetStreamingTextAsync(Frames(kal, 160), 8000))
            {
                output.WriteLine($"{update.Kind}: {update.Text}");
            }
        }

        string after = await Transcribe(recognizer, sentence);
        output.WriteLine($"{fresh} | {after}");
        Assert.Equal(fresh, after);
    }

    [NativeFact(flite: true, pocketSphinx: true)]
    public async Task Creating_decoders_while_others_decode_does_not_disturb_them()
    {
        var recognizer = SpeechTestAudio.Recognizer;
        short[] sentence = SpeechTestAudio.Speak16k("book an appointment for tuesday");
        string expected = await Transcribe(recognizer, sentence);
        var decoding = Enumerable.Range(0, 3).Select(_ => Task.Run(() => Transcribe(recognizer, sentence))).ToArray();
        var creating = Task.Run(() =>
        {
            using var other = new PocketSphinxSpeechToTextClient(new PocketSphinxSpeechToTextClientOptions { PoolSize = 2 });
            return other.PoolSize;
        });
        string[] results = await Task.WhenAll(decoding);
        Assert.Equal(2, await creating);
        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [NativeFact(flite: true, pocketSphinx: true)]
    public async Task Cancelling_mid_stream_stops_with_OperationCanceled_and_returns_the_decoder()
    {
        var recognizer = SpeechTestAudio.Recognizer;
        using var stream = SpeechTestAudio.RawStream(SpeechTestAudio.Speak16k("book an appointment for tuesday"));
        using var cts = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in recognizer.GetStreamingTextAsync(stream, cancellationToken: cts.Token))
            {
                await cts.CancelAsync();
            }
        });
        Assert.Equal(recognizer.PoolSize, recognizer.Pool.IdleCount);
    }

    [NativeFact(flite: true, pocketSphinx: true)]
    public async Task A_pcm16_wav_stream_is_decoded_while_it_is_still_being_read()
    {
        using var wav = new MemoryStream();
        WavWriter.Write(wav, SpeechTestAudio.Speak16k("book an appointment for tuesday"), 16000);
        long total = wav.Length;
        wav.Position = 0;
        long positionAtFirstPartial = -1;
        var kinds = new List<SpeechToTextResponseUpdateKind>();
        await foreach (var update in SpeechTestAudio.Recognizer.GetStreamingTextAsync(wav))
        {
            if (positionAtFirstPartial < 0 && update.Kind == SpeechToTextResponseUpdateKind.TextUpdating)
            {
                positionAtFirstPartial = wav.Position;
            }

            kinds.Add(update.Kind);
        }

        Assert.InRange(positionAtFirstPartial, 44, total - 1);
        Assert.Equal(SpeechToTextResponseUpdateKind.TextUpdated, kinds[^1]);
    }

    [NativeFact(flite: true, pocketSphinx: true)]
    public async Task A_mulaw_wav_at_8kHz_is_converted_and_recognised()
    {
        short[] speech = FliteEngine.Synthesize("hello world", FliteVoice.Kal, out int rate);
        using var wav = new MemoryStream();
        WavWriter.Write(wav, speech, rate, WavEncoding.MuLaw);
        wav.Position = 0;
        var response = await SpeechTestAudio.Recognizer.GetTextAsync(wav);
        output.WriteLine(response.Text);
        Assert.Contains("hello", response.Text, StringComparison.Ordinal);
    }

    private static async Task<string> Transcribe(PocketSphinxSpeechToTextClient recognizer, short[] audio)
    {
        using var stream = SpeechTestAudio.RawStream(audio);
        return (await recognizer.GetTextAsync(stream)).Text;
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<short>> Frames(short[] samples, int frame)
    {
        short[] buffer = new short[frame];
        for (int i = 0; i < samples.Length; i += frame)
        {
            int n = Math.Min(frame, samples.Length - i);
            samples.AsSpan(i, n).CopyTo(buffer);
            await Task.Yield();
            yield return buffer.AsMemory(0, n);
        }
    }
}
