// MEAI speech contracts are experimental (MEAI001); they are what we test against.
#pragma warning disable MEAI001

using Microsoft.Extensions.AI;
using Switchboard.Audio.Wav;
using Switchboard.Speech.Flite;
using Switchboard.Speech.PocketSphinx;
using Xunit.Abstractions;

namespace Switchboard.Speech.Tests.PocketSphinx;

public sealed class PocketSphinxSpeechToTextClientTests(ITestOutputHelper output)
{
    [NativeFact(flite: true, pocketSphinx: true)]
    public async Task Round_trip_flite_slt_at_16kHz_is_transcribed_within_tolerance()
    {
        string[] sentences = ["hello world", "one two three four", "yes", "book an appointment for tuesday"];
        double total = 0;
        foreach (string sentence in sentences)
        {
            using var stream = SpeechTestAudio.RawStream(SpeechTestAudio.Speak16k(sentence));
            var response = await SpeechTestAudio.Recognizer.GetTextAsync(stream);
            double wer = SpeechTestAudio.WordErrorRate(sentence, response.Text);
            output.WriteLine($"'{sentence}' -> '{response.Text}' WER {wer:F2}");
            total += wer;
            if (sentence != "book an appointment for tuesday")
            {
                Assert.True(wer <= 0.25, $"'{sentence}' -> '{response.Text}' (WER {wer:F2}).");
            }
        }

        // Synthetic flite speech suits the en-us LM unevenly: the short sentences come out exact, the long one with
        // one or more wrong words (it varies with the decoder's adapted cepstral mean), hence a mean tolerance.
        Assert.True(total / sentences.Length <= 0.5, $"Mean WER {total / sentences.Length:F2} is above 0.5.");
    }

    [NativeFact(flite: true, pocketSphinx: true)]
    public async Task Round_trip_slt_wav_at_16kHz_recognises_digits()
    {
        using var tts = new FliteTextToSpeechClient();
        var audio = await tts.GetAudioAsync("one two three four", new TextToSpeechOptions { VoiceId = "slt" });
        var wav = Assert.IsType<DataContent>(Assert.Single(audio.Contents));
        using var stream = new MemoryStream(wav.Data.ToArray());
        var response = await SpeechTestAudio.Recognizer.GetTextAsync(stream);
        output.WriteLine(response.Text);
        Assert.True(SpeechTestAudio.WordErrorRate("one two three four", response.Text) <= 0.5, response.Text);
    }

    [NativeFact(flite: true, pocketSphinx: true)]
    public async Task Eight_kHz_raw_input_is_resampled_before_decoding()
    {
        short[] speech = FliteEngine.Synthesize("hello world", FliteVoice.Kal, out int rate);
        Assert.Equal(8000, rate);
        using var stream = SpeechTestAudio.RawStream(speech);
        var response = await SpeechTestAudio.Recognizer.GetTextAsync(stream, new SpeechToTextOptions { SpeechSampleRate = 8000 });
        output.WriteLine(response.Text);
        Assert.Contains("hello", response.Text, StringComparison.Ordinal);
    }

    [NativeFact(flite: true, pocketSphinx: true)]
    public async Task Partial_results_arrive_before_the_final()
    {
        using var stream = SpeechTestAudio.RawStream(SpeechTestAudio.Speak16k("book an appointment for tuesday"));
        var kinds = new List<SpeechToTextResponseUpdateKind>();
        var texts = new List<string>();
        await foreach (var update in SpeechTestAudio.Recognizer.GetStreamingTextAsync(stream))
        {
            kinds.Add(update.Kind);
            texts.Add(update.Text);
            output.WriteLine($"{update.Kind}: {update.Text}");
        }

        int firstFinal = kinds.IndexOf(SpeechToTextResponseUpdateKind.TextUpdated);
        Assert.True(firstFinal > 0, "Expected a final after at least one partial.");
        Assert.All(kinds.Take(firstFinal), k => Assert.Equal(SpeechToTextResponseUpdateKind.TextUpdating, k));
        Assert.False(string.IsNullOrWhiteSpace(texts[firstFinal]));
        Assert.Equal(firstFinal, kinds.LastIndexOf(SpeechToTextResponseUpdateKind.TextUpdated));
    }

    [NativeFact(flite: true, pocketSphinx: true)]
    public async Task Boosted_keywords_and_expected_phrases_are_detected_and_absent_ones_are_not()
    {
        // kal, resampled 8 -> 16 kHz: its "appointment" is what the LM search gets right least often.
        using var stream = SpeechTestAudio.RawStream(SpeechTestAudio.Speak16k("book an appointment for tuesday", FliteVoice.Kal));
        var options = new SpeechToTextOptions()
            .WithKeywords(["Appointment", "pizza", "xyzzyplugh"])
            .WithExpectedPhrases(["tuesday"]);
        var response = await SpeechTestAudio.Recognizer.GetTextAsync(stream, options);
        var detected = (string[])response.AdditionalProperties![SpeechHints.DetectedKey]!;
        output.WriteLine($"{response.Text} | detected: {string.Join(", ", detected)}");
        Assert.Contains("appointment", detected);
        Assert.Contains("tuesday", detected);
        Assert.DoesNotContain("pizza", detected);
        Assert.DoesNotContain("xyzzyplugh", detected);
    }

    [NativeFact(flite: true, pocketSphinx: true)]
    public async Task Pool_serves_twenty_sequential_utterances_and_gets_every_decoder_back()
    {
        short[] yes = SpeechTestAudio.Speak16k("yes");
        var recognizer = SpeechTestAudio.Recognizer;
        for (int i = 0; i < 20; i++)
        {
            using var stream = SpeechTestAudio.RawStream(yes);
            var response = await recognizer.GetTextAsync(stream);
            Assert.Equal("yes", response.Text);
        }

        Assert.Equal(recognizer.PoolSize, GetPool(recognizer).IdleCount);
    }

    [NativeFact(flite: true, pocketSphinx: true)]
    public async Task Four_threads_recognise_concurrently()
    {
        string[] sentences = ["hello world", "one two three four", "yes", "book an appointment for tuesday"];
        short[][] audio = [.. sentences.Select(s => SpeechTestAudio.Speak16k(s))];
        var recognizer = SpeechTestAudio.Recognizer;
        var tasks = Enumerable.Range(0, 4).Select(t => Task.Run(async () =>
        {
            var results = new List<string>();
            for (int round = 0; round < 2; round++)
            {
                using var stream = SpeechTestAudio.RawStream(audio[t]);
                results.Add((await recognizer.GetTextAsync(stream)).Text);
            }

            return results;
        })).ToArray();
        var all = await Task.WhenAll(tasks);
        double total = 0;
        for (int t = 0; t < 4; t++)
        {
            // Each rented decoder starts from the same state (its adaptation is reset), so the same audio gives the
            // same text on whichever decoder served it.
            Assert.Equal(all[t][0], all[t][1]);
            total += SpeechTestAudio.WordErrorRate(sentences[t], all[t][0]) + SpeechTestAudio.WordErrorRate(sentences[t], all[t][1]);
            output.WriteLine($"{sentences[t]} -> {all[t][0]} | {all[t][1]}");
        }

        Assert.True(total / 8 <= 0.5, $"Mean WER {total / 8:F2} under concurrency is above 0.5.");

        Assert.Equal(recognizer.PoolSize, GetPool(recognizer).IdleCount);
    }

    [NativeFact(flite: false, pocketSphinx: true)]
    public void Unsupported_sample_rate_is_rejected_with_a_clear_message()
    {
        using var stream = new MemoryStream(new byte[3200]);
        var ex = Assert.Throws<ArgumentException>(() =>
            SpeechTestAudio.Recognizer.GetStreamingTextAsync(stream, new SpeechToTextOptions { SpeechSampleRate = 11025 }));
        Assert.Contains("11025", ex.Message, StringComparison.Ordinal);
    }

    [NativeFact(flite: false, pocketSphinx: true)]
    public async Task Wav_at_an_unsupported_rate_is_rejected()
    {
        using var stream = new MemoryStream();
        WavWriter.Write(stream, new short[2205], 22050);
        stream.Position = 0;
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => SpeechTestAudio.Recognizer.GetTextAsync(stream));
        Assert.Contains("22050", ex.Message, StringComparison.Ordinal);
    }

    [NativeFact(flite: false, pocketSphinx: true)]
    public async Task Empty_audio_is_rejected()
    {
        using var stream = new MemoryStream();
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => SpeechTestAudio.Recognizer.GetTextAsync(stream));
        Assert.Contains("no samples", ex.Message, StringComparison.Ordinal);
        Assert.Equal(SpeechTestAudio.Recognizer.PoolSize, GetPool(SpeechTestAudio.Recognizer).IdleCount);
    }

    [NativeFact(flite: false, pocketSphinx: true)]
    public void Non_english_language_and_null_stream_are_rejected()
    {
        using var stream = new MemoryStream(new byte[2]);
        Assert.Throws<ArgumentException>(() =>
            SpeechTestAudio.Recognizer.GetStreamingTextAsync(stream, new SpeechToTextOptions { SpeechLanguage = "de-DE" }));
        Assert.Throws<ArgumentNullException>(() => SpeechTestAudio.Recognizer.GetStreamingTextAsync(null!));
    }

    [NativeFact(flite: false, pocketSphinx: true)]
    public void Missing_model_names_the_debian_package()
    {
        var ex = Assert.Throws<SpeechNativeLibraryException>(() =>
            new PocketSphinxSpeechToTextClient(new PocketSphinxSpeechToTextClientOptions { ModelDirectory = "/nonexistent/model", PoolSize = 1 }));
        Assert.Equal("pocketsphinx-en-us", ex.DebianPackages);
        Assert.Contains("apt-get install -y pocketsphinx-en-us", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_pool_size_is_rejected_before_loading_anything() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new PocketSphinxSpeechToTextClient(new PocketSphinxSpeechToTextClientOptions { PoolSize = 0 }));

    [NativeFact(flite: false, pocketSphinx: true)]
    public void Metadata_is_served()
    {
        var metadata = SpeechTestAudio.Recognizer.GetService<SpeechToTextClientMetadata>();
        Assert.Equal("pocketsphinx", metadata!.ProviderName);
    }

    [NativeFact(flite: false, pocketSphinx: true)]
    public async Task A_disposed_decoder_refuses_to_touch_its_cepstral_mean_instead_of_writing_into_freed_memory()
    {
        using var recognizer = new PocketSphinxSpeechToTextClient(new PocketSphinxSpeechToTextClientOptions { PoolSize = 1 });
        var decoder = await GetPool(recognizer).RentAsync(CancellationToken.None);
        Assert.True(decoder.CanResetAdaptation);
        decoder.ResetAdaptation();
        decoder.Dispose();
        Assert.Throws<ObjectDisposedException>(decoder.ResetAdaptation);
        Assert.Throws<ObjectDisposedException>(decoder.StartUtterance);
    }

    private static PocketSphinxDecoderPool GetPool(PocketSphinxSpeechToTextClient client) => client.Pool;
}
