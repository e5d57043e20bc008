// The speech interfaces of Microsoft.Extensions.AI 10.11 are experimental (MEAI001); they are our contract (§6).
#pragma warning disable MEAI001

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Switchboard.Audio.Wav;
using Switchboard.Speech.OpenAI;
using Switchboard.Speech.Tests.Cloud;
using Switchboard.Speech.Tests.Deepgram;

namespace Switchboard.Speech.Tests.OpenAI;

public sealed class OpenAISpeechToTextClientTests
{
    private const string Key = "sk-test-openai-key";

    [Fact]
    public async Task Posts_a_multipart_wav_with_model_language_and_prompt_and_returns_the_text()
    {
        string? auth = null;
        Dictionary<string, string>? fields = null;
        string? fileType = null;
        string? fileName = null;
        WavAudio? uploaded = null;
        await using var server = await FakeVendorServer.StartAsync(app => app.MapPost("/v1/audio/transcriptions", async (HttpContext context) =>
        {
            auth = context.Request.Headers.Authorization;
            var form = await context.Request.ReadFormAsync();
            fields = form.ToDictionary(f => f.Key, f => f.Value.ToString());
            var file = form.Files["file"]!;
            fileType = file.ContentType;
            fileName = file.FileName;
            using var stream = file.OpenReadStream();
            uploaded = WavReader.Read(stream);
            return Results.Json(new { text = " Hello, I'd like a cleaning. " });
        }));

        var options = new OpenAISpeechToTextClientOptions { ApiKey = Key, BaseUri = new Uri(server.HttpBase, "v1/"), Model = "whisper-1" };
        options.Keywords.Add("Acme Dental");
        using var client = new OpenAISpeechToTextClient(options);
        short[] samples = DeepgramSpeechToTextClientTests.Tone(16000, 12345);
        var request = new SpeechToTextOptions { SpeechLanguage = "en-US" }.WithExpectedPhrases(["cleaning"]);

        var updates = new List<SpeechToTextResponseUpdate>();
        await foreach (var update in client.GetStreamingTextAsync(SpeechTestAudio.RawStream(samples), request))
        {
            updates.Add(update);
        }

        Assert.Equal("Bearer " + Key, auth);
        Assert.NotNull(fields);
        Assert.Equal("whisper-1", fields["model"]);
        Assert.Equal("json", fields["response_format"]);
        Assert.Equal("en", fields["language"]);
        Assert.Equal("Vocabulary: Acme Dental, cleaning.", fields["prompt"]);
        Assert.Equal("audio/wav", fileType);
        Assert.Equal("audio.wav", fileName);
        Assert.NotNull(uploaded);
        Assert.Equal(16000, uploaded.SampleRate);
        Assert.Equal(samples, uploaded.Samples);
        var only = Assert.Single(updates);
        Assert.Equal(SpeechToTextResponseUpdateKind.TextUpdated, only.Kind);
        Assert.Equal("Hello, I'd like a cleaning.", only.Text);
    }

    [Fact]
    public async Task A_wav_input_keeps_its_rate_and_GetTextAsync_returns_the_transcript()
    {
        int? rate = null;
        await using var server = await FakeVendorServer.StartAsync(app => app.MapPost("/v1/audio/transcriptions", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            using var stream = form.Files["file"]!.OpenReadStream();
            rate = WavReader.Read(stream).SampleRate;
            return Results.Json(new { text = "Tuesday." });
        }));

        using var client = new OpenAISpeechToTextClient(new() { ApiKey = Key, BaseUri = new Uri(server.HttpBase, "v1/") });
        using var wav = new MemoryStream();
        WavWriter.Write(wav, DeepgramSpeechToTextClientTests.Tone(8000, 4000), 8000);
        wav.Position = 0;

        var response = await client.GetTextAsync(wav);

        Assert.Equal("Tuesday.", response.Text);
        Assert.Equal("gpt-4o-mini-transcribe", response.ModelId);
        Assert.Equal(8000, rate);
    }

    [Theory]
    [InlineData(401, "Incorrect API key provided: sk-te***key.")]
    [InlineData(500, "The server had an error while processing your request.")]
    public async Task HTTP_errors_carry_the_vendor_message_and_status(int status, string message)
    {
        await using var server = await FakeVendorServer.StartAsync(app => app.MapPost("/v1/audio/transcriptions", () =>
            Results.Json(new { error = new { message, type = "invalid_request_error", param = (string?)null, code = "invalid_api_key" } }, statusCode: status)));

        using var client = new OpenAISpeechToTextClient(new() { ApiKey = Key, BaseUri = new Uri(server.HttpBase, "v1/") });

        var error = await Assert.ThrowsAsync<SpeechProviderException>(() => client.GetTextAsync(SpeechTestAudio.RawStream(new short[1600])));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(message, error.VendorMessage);
        Assert.Equal("openai", error.Provider);
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_audio_and_bad_arguments_are_rejected_before_any_request()
    {
        using var client = new OpenAISpeechToTextClient(new() { ApiKey = Key, BaseUri = new Uri("http://127.0.0.1:9/v1/") });

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetTextAsync(new MemoryStream()));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetTextAsync(new MemoryStream(new byte[10]), new SpeechToTextOptions { SpeechSampleRate = 22050 }));
        Assert.Throws<ArgumentNullException>(() => client.GetStreamingTextAsync(null!));
        Assert.Throws<ArgumentException>(() => new OpenAISpeechToTextClient(new() { ApiKey = "" }));
        Assert.Throws<ArgumentException>(() => new OpenAISpeechToTextClient(new() { ApiKey = Key, BaseUri = new Uri("ftp://example.com/") }));
    }

    [Fact]
    public async Task An_unreachable_server_is_a_provider_exception()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = new OpenAISpeechToTextClient(new() { ApiKey = Key, BaseUri = new Uri($"http://127.0.0.1:{port}/v1/") });

        var error = await Assert.ThrowsAsync<SpeechProviderException>(() => client.GetTextAsync(SpeechTestAudio.RawStream(new short[1600])));

        Assert.Null(error.StatusCode);
        Assert.Contains("could not reach", error.Message, StringComparison.Ordinal);
    }
}
