// The speech interfaces of Microsoft.Extensions.AI 10.11 are experimental (MEAI001); they are our contract (§6).
#pragma warning disable MEAI001

using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Switchboard.Audio.Wav;
using Switchboard.Speech.ElevenLabs;
using Switchboard.Speech.Tests.Cloud;
using Switchboard.Speech.Tests.OpenAI;

namespace Switchboard.Speech.Tests.ElevenLabs;

public sealed class ElevenLabsTextToSpeechClientTests
{
    private const string Key = "xi-test-key-456";
    private const string Voice = "voice123";

    [Fact]
    public async Task Sends_sentences_as_they_arrive_and_streams_the_audio_back()
    {
        string? apiKey = null;
        string? path = null;
        IQueryCollection? query = null;
        JsonElement? opening = null;
        var texts = new List<JsonElement>();
        bool sawEnd = false;
        byte[] pcm = OpenAITextToSpeechClientTests.Pcm24k(1601);
        var firstAudioHeard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await FakeVendorServer.StartAsync(app => app.Map("/v1/text-to-speech/{voice}/stream-input", async context =>
        {
            apiKey = context.Request.Headers["xi-api-key"];
            path = context.Request.Path;
            query = context.Request.Query;
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            opening = await ReceiveJsonAsync(socket);
            texts.Add((await ReceiveJsonAsync(socket))!.Value);
            // Audio for the first sentence before the second exists: the LLM is still "thinking".
            await FakeVendorServer.SendTextAsync(socket, Audio(pcm.AsSpan(0, 1001).ToArray(), "Hello there. "));
            while (await ReceiveJsonAsync(socket) is { } message)
            {
                if (message.GetProperty("text").GetString() == string.Empty)
                {
                    sawEnd = true;
                    break;
                }

                texts.Add(message);
            }

            await FakeVendorServer.SendTextAsync(socket, Audio(pcm.AsSpan(1001).ToArray(), "How are you? "));
            await FakeVendorServer.SendTextAsync(socket, """{"isFinal":true}""");
            await FakeVendorServer.CloseAsync(socket);
        }));

        using var client = new ElevenLabsTextToSpeechClient(new() { ApiKey = Key, BaseUri = new Uri(server.WebSocketBase, "v1/"), VoiceId = Voice });

        async IAsyncEnumerable<string> Llm()
        {
            yield return "Hello ";
            yield return "there. How";
            await firstAudioHeard.Task;
            yield return " are you?";
        }

        var updates = new List<TextToSpeechResponseUpdate>();
        await foreach (var update in client.GetStreamingAudioAsync(Llm(), new TextToSpeechOptions { AudioFormat = "audio/pcm", Speed = 1.1f }))
        {
            updates.Add(update);
            firstAudioHeard.TrySetResult();
        }

        Assert.Equal(Key, apiKey);
        Assert.Equal($"/v1/text-to-speech/{Voice}/stream-input", path);
        Assert.NotNull(query);
        Assert.Equal("eleven_flash_v2_5", query["model_id"]);
        Assert.Equal("pcm_16000", query["output_format"]);
        Assert.NotNull(opening);
        Assert.Equal(" ", opening.Value.GetProperty("text").GetString());
        Assert.Equal(0.5, opening.Value.GetProperty("voice_settings").GetProperty("stability").GetDouble());
        Assert.Equal(0.8, opening.Value.GetProperty("voice_settings").GetProperty("similarity_boost").GetDouble());
        Assert.Equal(1.1, opening.Value.GetProperty("voice_settings").GetProperty("speed").GetDouble(), 3);
        Assert.Equal(new[] { "Hello there. ", "How are you? " }, texts.Select(t => t.GetProperty("text").GetString()!).ToArray());
        Assert.All(texts, t => Assert.True(t.GetProperty("try_trigger_generation").GetBoolean()));
        Assert.True(sawEnd);

        Assert.Equal(2, updates.Count);
        Assert.Equal("Hello there. ", updates[0].AdditionalProperties?["text"]);
        Assert.Equal("How are you? ", updates[1].AdditionalProperties?["text"]);
        byte[] received = updates.SelectMany(u => ((DataContent)u.Contents[0]).Data.ToArray()).ToArray();
        // The odd byte of the first message was carried into the second: every sample arrives whole.
        Assert.Equal(pcm, received);
        Assert.Equal(1000, ((DataContent)updates[0].Contents[0]).Data.Length);
        Assert.Equal("audio/pcm;rate=16000", ((DataContent)updates[0].Contents[0]).MediaType);
    }

    [Fact]
    public async Task GetAudioAsync_returns_one_wav_at_the_requested_rate()
    {
        byte[] pcm = OpenAITextToSpeechClientTests.Pcm24k(800);
        string? format = null;
        await using var server = await FakeVendorServer.StartAsync(app => app.Map("/v1/text-to-speech/{voice}/stream-input", async context =>
        {
            format = context.Request.Query["output_format"];
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            while (await ReceiveJsonAsync(socket) is { } message && message.GetProperty("text").GetString() != string.Empty)
            {
            }

            await FakeVendorServer.SendTextAsync(socket, Audio(pcm, null));
            await FakeVendorServer.SendTextAsync(socket, """{"audio":null,"isFinal":true}""");
            await FakeVendorServer.CloseAsync(socket);
        }));

        using var client = new ElevenLabsTextToSpeechClient(new() { ApiKey = Key, BaseUri = new Uri(server.WebSocketBase, "v1/"), VoiceId = Voice });

        var response = await client.GetAudioAsync("One sentence only.", new TextToSpeechOptions { AudioFormat = "audio/wav;rate=8000" });

        Assert.Equal("pcm_8000", format);
        var wav = WavReader.Read(new MemoryStream(((DataContent)Assert.Single(response.Contents)).Data.ToArray()));
        Assert.Equal(8000, wav.SampleRate);
        Assert.Equal(800, wav.Samples.Length);
    }

    [Fact]
    public async Task An_error_message_becomes_a_provider_exception_with_the_vendor_text()
    {
        await using var server = await FakeVendorServer.StartAsync(app => app.Map("/v1/text-to-speech/{voice}/stream-input", async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await ReceiveJsonAsync(socket);
            await FakeVendorServer.SendTextAsync(socket, """{"message":"You have exceeded your quota.","error":"quota_exceeded","code":1008}""");
            await FakeVendorServer.CloseAsync(socket, WebSocketCloseStatus.PolicyViolation, "quota_exceeded");
        }));

        using var client = new ElevenLabsTextToSpeechClient(new() { ApiKey = Key, BaseUri = new Uri(server.WebSocketBase, "v1/"), VoiceId = Voice });

        var error = await Assert.ThrowsAsync<SpeechProviderException>(() => Drain(client.GetStreamingAudioAsync("Hello.")));

        Assert.Equal("quota_exceeded: You have exceeded your quota.", error.VendorMessage);
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_close_without_a_message_is_reported_with_its_status()
    {
        await using var server = await FakeVendorServer.StartAsync(app => app.Map("/v1/text-to-speech/{voice}/stream-input", async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await ReceiveJsonAsync(socket);
            await FakeVendorServer.CloseAsync(socket, WebSocketCloseStatus.PolicyViolation, "Invalid model_id");
        }));

        using var client = new ElevenLabsTextToSpeechClient(new() { ApiKey = Key, BaseUri = new Uri(server.WebSocketBase, "v1/"), VoiceId = Voice });

        var error = await Assert.ThrowsAsync<SpeechProviderException>(() => Drain(client.GetStreamingAudioAsync("Hello.")));

        Assert.Contains("1008", error.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid model_id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_handshake_carries_the_http_status()
    {
        await using var server = await FakeVendorServer.StartAsync(app => app.Map("/v1/text-to-speech/{voice}/stream-input", () =>
            Results.Json(new { detail = new { status = "invalid_api_key", message = "Invalid API key" } }, statusCode: 401)));

        using var client = new ElevenLabsTextToSpeechClient(new() { ApiKey = Key, BaseUri = new Uri(server.WebSocketBase, "v1/"), VoiceId = Voice });

        var error = await Assert.ThrowsAsync<SpeechProviderException>(() => Drain(client.GetStreamingAudioAsync("Hello.")));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("elevenlabs", error.Provider);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new ElevenLabsTextToSpeechClient(new() { ApiKey = Key }));
        Assert.Throws<ArgumentException>(() => new ElevenLabsTextToSpeechClient(new() { VoiceId = Voice }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ElevenLabsTextToSpeechClient(new() { ApiKey = Key, VoiceId = Voice, Stability = 2 }));
        using var client = new ElevenLabsTextToSpeechClient(new() { ApiKey = Key, VoiceId = Voice });
        Assert.Throws<ArgumentException>(() => client.GetStreamingAudioAsync("..."));
        Assert.Throws<ArgumentException>(() => client.GetStreamingAudioAsync("Hi.", new TextToSpeechOptions { Speed = 3 }));
        Assert.Throws<ArgumentNullException>(() => client.GetStreamingAudioAsync((IAsyncEnumerable<string>)null!));
    }

    internal static string Audio(byte[] pcm, string? text)
    {
        object? alignment = text is null ? null : new
        {
            chars = text.Select(c => c.ToString()).ToArray(),
            charStartTimesMs = text.Select((_, i) => i * 50).ToArray(),
            charsDurationsMs = text.Select(_ => 50).ToArray(),
        };
        return JsonSerializer.Serialize(new { audio = Convert.ToBase64String(pcm), isFinal = false, normalizedAlignment = alignment, alignment });
    }

    internal static async Task<JsonElement?> ReceiveJsonAsync(WebSocket socket)
    {
        var message = await FakeVendorServer.ReceiveAsync(socket);
        if (message is null)
        {
            return null;
        }

        Assert.Equal(WebSocketMessageType.Text, message.Value.Type);
        return JsonSerializer.Deserialize<JsonElement>(Encoding.UTF8.GetString(message.Value.Data));
    }

    private static async Task Drain(IAsyncEnumerable<TextToSpeechResponseUpdate> updates)
    {
        await foreach (var update in updates)
        {
        }
    }
}
