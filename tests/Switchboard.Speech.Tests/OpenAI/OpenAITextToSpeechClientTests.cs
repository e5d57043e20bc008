// The speech interfaces of Microsoft.Extensions.AI 10.11 are experimental (MEAI001); they are our contract (§6).
#pragma warning disable MEAI001

using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Switchboard.Audio.Wav;
using Switchboard.Speech.OpenAI;
using Switchboard.Speech.Tests.Cloud;

namespace Switchboard.Speech.Tests.OpenAI;

public sealed class OpenAITextToSpeechClientTests
{
    private const string Key = "sk-test-openai-key";

    [Fact]
    public async Task Streams_24_kHz_pcm_as_it_arrives_and_resamples_to_the_requested_rate()
    {
        JsonElement? body = null;
        string? auth = null;
        var firstUpdateSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await FakeVendorServer.StartAsync(app => app.MapPost("/v1/audio/speech", async (HttpContext context) =>
        {
            auth = context.Request.Headers.Authorization;
            body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
            context.Response.ContentType = "application/octet-stream";
            byte[] pcm = Pcm24k(24000);
            // Odd-sized pieces: samples straddle network chunks.
            await context.Response.Body.WriteAsync(pcm.AsMemory(0, 4801));
            await context.Response.Body.FlushAsync();
            // The rest only once the client has handed out audio: proof that the body is streamed.
            await firstUpdateSeen.Task;
            await context.Response.Body.WriteAsync(pcm.AsMemory(4801, 20000));
            await context.Response.Body.FlushAsync();
            await context.Response.Body.WriteAsync(pcm.AsMemory(24801));
        }));

        using var client = new OpenAITextToSpeechClient(new() { ApiKey = Key, BaseUri = new Uri(server.HttpBase, "v1/"), Voice = "nova" });
        var options = new TextToSpeechOptions { AudioFormat = "audio/pcm;rate=16000", Speed = 1.25f };

        var updates = new List<TextToSpeechResponseUpdate>();
        await foreach (var update in client.GetStreamingAudioAsync("Hello from the cloud.", options))
        {
            updates.Add(update);
            firstUpdateSeen.TrySetResult();
        }

        Assert.Equal("Bearer " + Key, auth);
        Assert.NotNull(body);
        Assert.Equal("gpt-4o-mini-tts", body.Value.GetProperty("model").GetString());
        Assert.Equal("Hello from the cloud.", body.Value.GetProperty("input").GetString());
        Assert.Equal("nova", body.Value.GetProperty("voice").GetString());
        Assert.Equal("pcm", body.Value.GetProperty("response_format").GetString());
        Assert.Equal(1.25, body.Value.GetProperty("speed").GetDouble(), 3);
        Assert.True(updates.Count >= 3);
        Assert.All(updates, u => Assert.Equal(TextToSpeechResponseUpdateKind.AudioUpdating, u.Kind));
        Assert.All(updates, u => Assert.Equal("audio/pcm;rate=16000", Assert.IsType<DataContent>(Assert.Single(u.Contents)).MediaType));
        Assert.Equal("Hello from the cloud.", updates[0].AdditionalProperties?["text"]);
        Assert.Null(updates[1].AdditionalProperties);
        long bytes = updates.Sum(u => (long)((DataContent)u.Contents[0]).Data.Length);
        // One second at 24 kHz is one second at 16 kHz (less the resampler's filter delay).
        Assert.InRange(bytes, 31000, 32000);
    }

    [Fact]
    public async Task At_24_kHz_the_bytes_pass_through_unchanged_and_GetAudioAsync_returns_a_wav()
    {
        byte[] pcm = Pcm24k(4800);
        await using var server = await FakeVendorServer.StartAsync(app => app.MapPost("/v1/audio/speech", async (HttpContext context) =>
        {
            await context.Response.Body.WriteAsync(pcm.AsMemory(0, 1001));
            await context.Response.Body.FlushAsync();
            await context.Response.Body.WriteAsync(pcm.AsMemory(1001));
        }));

        using var client = new OpenAITextToSpeechClient(new() { ApiKey = Key, BaseUri = new Uri(server.HttpBase, "v1/"), SampleRate = 24000 });

        var response = await client.GetAudioAsync("Short.");

        var content = Assert.IsType<DataContent>(Assert.Single(response.Contents));
        Assert.Equal("audio/wav", content.MediaType);
        var wav = WavReader.Read(new MemoryStream(content.Data.ToArray()));
        Assert.Equal(24000, wav.SampleRate);
        Assert.Equal(pcm, System.Runtime.InteropServices.MemoryMarshal.AsBytes(wav.Samples.AsSpan()).ToArray());
    }

    [Fact]
    public async Task Text_pieces_are_spoken_one_request_per_sentence()
    {
        var inputs = new List<string>();
        await using var server = await FakeVendorServer.StartAsync(app => app.MapPost("/v1/audio/speech", async (HttpContext context) =>
        {
            var json = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
            inputs.Add(json.GetProperty("input").GetString()!);
            await context.Response.Body.WriteAsync(Pcm24k(2400));
        }));

        using var client = new OpenAITextToSpeechClient(new() { ApiKey = Key, BaseUri = new Uri(server.HttpBase, "v1/") });
        var texts = new List<string>();
        await foreach (var update in client.GetStreamingAudioAsync(Pieces("Hello ", "there. How", " are you?")))
        {
            if (update.AdditionalProperties?["text"] is string text)
            {
                texts.Add(text);
            }
        }

        Assert.Equal(["Hello there.", "How are you?"], inputs);
        Assert.Equal(["Hello there.", "How are you?"], texts);
    }

    [Fact]
    public async Task An_HTTP_error_is_a_provider_exception_with_the_vendor_message()
    {
        await using var server = await FakeVendorServer.StartAsync(app => app.MapPost("/v1/audio/speech", () =>
            Results.Json(new { error = new { message = "Invalid value for 'voice'.", type = "invalid_request_error", param = "voice", code = (string?)null } }, statusCode: 400)));

        using var client = new OpenAITextToSpeechClient(new() { ApiKey = Key, BaseUri = new Uri(server.HttpBase, "v1/") });

        var error = await Assert.ThrowsAsync<SpeechProviderException>(async () =>
        {
            await foreach (var update in client.GetStreamingAudioAsync("Hi."))
            {
            }
        });

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("Invalid value for 'voice'.", error.VendorMessage);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        using var client = new OpenAITextToSpeechClient(new() { ApiKey = Key });

        Assert.Throws<ArgumentException>(() => client.GetStreamingAudioAsync(" "));
        Assert.Throws<ArgumentException>(() => client.GetStreamingAudioAsync(new string('a', 5000)));
        Assert.Throws<ArgumentException>(() => client.GetStreamingAudioAsync("Hi.", new TextToSpeechOptions { AudioFormat = "audio/mp3" }));
        Assert.Throws<ArgumentException>(() => client.GetStreamingAudioAsync("Hi.", new TextToSpeechOptions { AudioFormat = "audio/pcm;rate=22050" }));
        Assert.Throws<ArgumentException>(() => client.GetStreamingAudioAsync("Hi.", new TextToSpeechOptions { Speed = 9 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OpenAITextToSpeechClient(new() { ApiKey = Key, SampleRate = 44100 }));
    }

    internal static byte[] Pcm24k(int samples)
    {
        short[] tone = Deepgram.DeepgramSpeechToTextClientTests.Tone(24000, samples);
        return System.Runtime.InteropServices.MemoryMarshal.AsBytes(tone.AsSpan()).ToArray();
    }

    internal static async IAsyncEnumerable<string> Pieces(params string[] pieces)
    {
        foreach (string piece in pieces)
        {
            await Task.Yield();
            yield return piece;
        }
    }
}
