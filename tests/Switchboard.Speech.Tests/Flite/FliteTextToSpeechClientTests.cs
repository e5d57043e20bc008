// MEAI speech contracts are experimental (MEAI001); they are what we test against.
#pragma warning disable MEAI001

using System.Threading.Channels;
using Microsoft.Extensions.AI;
using Switchboard.Audio.Wav;
using Switchboard.Speech.Flite;

namespace Switchboard.Speech.Tests.Flite;

public sealed class FliteTextToSpeechClientTests
{
    [NativeFact]
    public async Task Slt_speaks_at_16kHz_with_a_plausible_duration_and_real_signal()
    {
        using var client = new FliteTextToSpeechClient();
        var response = await client.GetAudioAsync("Hello world. This is a test.");
        var wav = ReadWav(Assert.Single(response.Contents));
        Assert.Equal(16000, wav.SampleRate);
        Assert.InRange(wav.Duration.TotalSeconds, 1.0, 5.0);
        Assert.True(Rms(wav.Samples) > 300, $"RMS {Rms(wav.Samples):F0} looks like silence.");
    }

    [NativeFact]
    public async Task A_sentence_spoken_before_comes_from_the_sentence_cache_and_a_negative_budget_is_refused()
    {
        using var client = new FliteTextToSpeechClient();
        var pcm = new TextToSpeechOptions { AudioFormat = "audio/pcm" };
        var first = await SentenceAsync(client, "Thank you for calling.", pcm);
        var again = await SentenceAsync(client, "Thank you for calling.", pcm);
        // slt mixes random noise into its excitation, so only the cache gives the very same samples twice.
        Assert.Equal(first.ToArray(), again.ToArray());
        Assert.True(first.Length > 8000);

        Assert.Throws<ArgumentOutOfRangeException>(() => new FliteTextToSpeechClient(new FliteTextToSpeechClientOptions { SentenceCacheBytes = -1 }));
    }

    private static async Task<ReadOnlyMemory<byte>> SentenceAsync(FliteTextToSpeechClient client, string text, TextToSpeechOptions options)
    {
        await foreach (var update in client.GetStreamingAudioAsync(text, options))
        {
            return Assert.IsType<DataContent>(Assert.Single(update.Contents)).Data;
        }
        throw new InvalidOperationException("no audio");
    }

    [NativeFact]
    public async Task Kal_speaks_at_8kHz()
    {
        using var client = new FliteTextToSpeechClient(new FliteTextToSpeechClientOptions { DefaultVoice = FliteVoice.Kal });
        var response = await client.GetAudioAsync("one two three four");
        var wav = ReadWav(Assert.Single(response.Contents));
        Assert.Equal(8000, wav.SampleRate);
        Assert.InRange(wav.Duration.TotalSeconds, 0.8, 4.0);
        Assert.True(Rms(wav.Samples) > 300);
    }

    [NativeFact]
    public async Task Raw_pcm_format_carries_the_rate_in_the_media_type()
    {
        using var client = new FliteTextToSpeechClient();
        var response = await client.GetAudioAsync("yes", new TextToSpeechOptions { VoiceId = "KAL", AudioFormat = "audio/pcm" });
        var content = Assert.IsType<DataContent>(Assert.Single(response.Contents));
        Assert.Equal("audio/pcm;rate=8000", content.MediaType);
        Assert.True(content.Data.Length > 1600 && content.Data.Length % 2 == 0);
    }

    [NativeFact]
    public async Task Streaming_yields_one_update_per_sentence()
    {
        using var client = new FliteTextToSpeechClient();
        var updates = new List<TextToSpeechResponseUpdate>();
        await foreach (var update in client.GetStreamingAudioAsync("Hello there. How are you today? Fine"))
        {
            updates.Add(update);
        }

        Assert.Equal(["Hello there.", "How are you today?", "Fine"], updates.Select(u => (string)u.AdditionalProperties![FliteTextToSpeechClient.SentenceTextKey]!));
        Assert.All(updates, u => Assert.Equal(TextToSpeechResponseUpdateKind.AudioUpdating, u.Kind));
        Assert.All(updates, u => Assert.True(ReadWav(Assert.Single(u.Contents)).Samples.Length > 1600));
    }

    [NativeFact]
    public async Task First_sentence_is_spoken_while_the_text_is_still_streaming_in()
    {
        using var client = new FliteTextToSpeechClient();
        var pieces = Channel.CreateUnbounded<string>();
        await using var updates = client.GetStreamingAudioAsync(pieces.Reader.ReadAllAsync()).GetAsyncEnumerator();
        await pieces.Writer.WriteAsync("Your appointment ");
        await pieces.Writer.WriteAsync("is booked. See");
        Assert.True(await updates.MoveNextAsync());
        Assert.Equal("Your appointment is booked.", updates.Current.AdditionalProperties![FliteTextToSpeechClient.SentenceTextKey]);
        await pieces.Writer.WriteAsync(" you on Tuesday");
        pieces.Writer.Complete();
        Assert.True(await updates.MoveNextAsync());
        Assert.Equal("See you on Tuesday", updates.Current.AdditionalProperties![FliteTextToSpeechClient.SentenceTextKey]);
        Assert.False(await updates.MoveNextAsync());
    }

    [NativeFact]
    public async Task Four_threads_synthesise_both_voices_concurrently()
    {
        using var client = new FliteTextToSpeechClient();
        var tasks = Enumerable.Range(0, 4).Select(i => Task.Run(() => client.GetAudioAsync(
            "Book an appointment for Tuesday.", new TextToSpeechOptions { VoiceId = i % 2 == 0 ? "slt" : "kal" }))).ToArray();
        var responses = await Task.WhenAll(tasks);
        var lengths = responses.Select(r => ReadWav(Assert.Single(r.Contents)).Samples.Length).ToArray();
        // flite is deterministic: the same text and voice give the same samples on every thread.
        Assert.Equal(lengths[0], lengths[2]);
        Assert.Equal(lengths[1], lengths[3]);
    }

    [Fact]
    public async Task Bad_requests_are_rejected_with_argument_exceptions()
    {
        using var client = new FliteTextToSpeechClient();
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetAudioAsync(" ... "));
        await Assert.ThrowsAsync<ArgumentNullException>(() => client.GetAudioAsync(null!));
        Assert.Throws<ArgumentException>(() => client.GetStreamingAudioAsync("hi", new TextToSpeechOptions { VoiceId = "awb" }));
        Assert.Throws<ArgumentException>(() => client.GetStreamingAudioAsync("hi", new TextToSpeechOptions { AudioFormat = "audio/mpeg" }));
    }

    [Fact]
    public void Metadata_names_the_provider()
    {
        using var client = new FliteTextToSpeechClient();
        Assert.Equal("flite", client.GetService<TextToSpeechClientMetadata>()!.ProviderName);
        Assert.Same(client, client.GetService<ITextToSpeechClient>());
    }

    private static WavAudio ReadWav(AIContent content)
    {
        var data = Assert.IsType<DataContent>(content);
        Assert.Equal("audio/wav", data.MediaType);
        using var stream = new MemoryStream(data.Data.ToArray());
        return WavReader.Read(stream);
    }

    private static double Rms(short[] samples)
    {
        double sum = 0;
        foreach (short s in samples)
        {
            sum += (double)s * s;
        }

        return Math.Sqrt(sum / Math.Max(1, samples.Length));
    }
}
