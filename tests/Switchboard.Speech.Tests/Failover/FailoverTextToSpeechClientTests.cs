// The speech interfaces of Microsoft.Extensions.AI 10.11 are experimental (MEAI001); they are our contract (§6).
#pragma warning disable MEAI001

using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Audio.Wav;
using Switchboard.Speech.ElevenLabs;
using Switchboard.Speech.Failover;
using Switchboard.Speech.Flite;
using Switchboard.Speech.OpenAI;
using Switchboard.Speech.Tests.Cloud;
using Switchboard.Speech.Tests.ElevenLabs;
using Switchboard.Speech.Tests.OpenAI;

namespace Switchboard.Speech.Tests.Failover;

public sealed class FailoverTextToSpeechClientTests
{
    [NativeFact(flite: true)]
    public async Task Flite_speaks_when_elevenlabs_answers_500_with_its_own_voice()
    {
        await using var server = await FakeVendorServer.StartAsync(app => app.Map("/v1/text-to-speech/{voice}/stream-input", () =>
            Results.Json(new { detail = new { status = "internal_error", message = "Something went wrong" } }, statusCode: 500)));
        using var client = new FailoverTextToSpeechClient(
            ElevenLabs(server),
            new FliteTextToSpeechClient(),
            new TextToSpeechFailoverOptions { FallbackOptions = o => new TextToSpeechOptions { VoiceId = "slt", AudioFormat = o?.AudioFormat } });

        var updates = await Collect(client.GetStreamingAudioAsync("Hello there. How can I help?", new TextToSpeechOptions { VoiceId = "voice123" }));

        Assert.Equal(2, updates.Count);
        Assert.All(updates, u => Assert.Equal("flite", u.AdditionalProperties?[SpeechFailover.ProviderKey]));
        Assert.Equal("Hello there.", updates[0].AdditionalProperties?["text"]);
        var wav = WavReader.Read(new MemoryStream(((DataContent)updates[0].Contents[0]).Data.ToArray()));
        Assert.Equal(16000, wav.SampleRate);
        Assert.True(wav.Samples.Length > 4000);
        Assert.Equal("flite", client.LastProvider);
    }

    [Fact]
    public async Task Streamed_text_taken_by_the_primary_before_it_failed_is_replayed_to_the_fallback()
    {
        var received = new List<string>();
        await using var server = await FakeVendorServer.StartAsync(app => app.Map("/v1/text-to-speech/{voice}/stream-input", async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await ElevenLabsTextToSpeechClientTests.ReceiveJsonAsync(socket);
            received.Add((await ElevenLabsTextToSpeechClientTests.ReceiveJsonAsync(socket))!.Value.GetProperty("text").GetString()!);
            await FakeVendorServer.CloseAsync(socket, WebSocketCloseStatus.InternalServerError, "overloaded");
        }));
        var fallback = new RecordingTextToSpeechClient();
        using var client = new FailoverTextToSpeechClient(ElevenLabs(server), fallback);

        var updates = await Collect(client.GetStreamingAudioAsync(OpenAITextToSpeechClientTests.Pieces("Your appointment ", "is booked. ", "See you ", "on Tuesday.")));

        Assert.Equal(["Your appointment is booked. "], received);
        Assert.Equal("Your appointment is booked. See you on Tuesday.", string.Concat(fallback.Pieces));
        Assert.All(updates, u => Assert.Equal("recording", u.AdditionalProperties?[SpeechFailover.ProviderKey]));
    }

    [Fact]
    public async Task No_audio_before_the_timeout_fails_over_on_virtual_time()
    {
        var time = new FakeTimeProvider();
        var requested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await FakeVendorServer.StartAsync(app => app.MapPost("/v1/audio/speech", async (HttpContext context) =>
        {
            requested.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        }));
        var fallback = new RecordingTextToSpeechClient();
        using var client = new FailoverTextToSpeechClient(
            OpenAI(server), fallback, new TextToSpeechFailoverOptions { FirstResultTimeout = TimeSpan.FromSeconds(2), TimeProvider = time });

        var run = Collect(client.GetStreamingAudioAsync("Please hold."));
        await requested.Task;
        Assert.False(run.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));
        var updates = await run;

        Assert.Equal("recording", Assert.Single(updates).AdditionalProperties?[SpeechFailover.ProviderKey]);
        Assert.Equal(["Please hold."], fallback.Pieces);
    }

    [Fact]
    public async Task A_failure_after_audio_is_passed_on_without_replaying_text_and_the_next_request_goes_to_the_fallback()
    {
        int connections = 0;
        await using var server = await FakeVendorServer.StartAsync(app => app.Map("/v1/text-to-speech/{voice}/stream-input", async context =>
        {
            Interlocked.Increment(ref connections);
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await ElevenLabsTextToSpeechClientTests.ReceiveJsonAsync(socket);
            await ElevenLabsTextToSpeechClientTests.ReceiveJsonAsync(socket);
            await FakeVendorServer.SendTextAsync(socket, ElevenLabsTextToSpeechClientTests.Audio(new byte[640], "Hello. "));
            await FakeVendorServer.CloseAsync(socket, WebSocketCloseStatus.InternalServerError, "generation failed");
        }));
        var fallback = new RecordingTextToSpeechClient();
        using var client = new FailoverTextToSpeechClient(ElevenLabs(server), fallback);
        var seen = new List<TextToSpeechResponseUpdate>();

        var error = await Assert.ThrowsAsync<SpeechProviderException>(async () =>
        {
            await foreach (var update in client.GetStreamingAudioAsync("Hello. This part never arrives."))
            {
                seen.Add(update);
            }
        });

        Assert.Contains("generation failed", error.Message, StringComparison.Ordinal);
        Assert.Equal("elevenlabs", Assert.Single(seen).AdditionalProperties?[SpeechFailover.ProviderKey]);
        Assert.Equal(0, fallback.Calls);
        Assert.True(client.IsPrimaryCoolingDown);

        await Collect(client.GetStreamingAudioAsync("Next turn."));
        Assert.Equal(["Next turn."], fallback.Pieces);
        Assert.Equal(1, connections);
    }

    [Fact]
    public async Task GetAudioAsync_fails_over_on_an_http_error_and_serves_from_the_primary_when_it_works()
    {
        bool fail = true;
        await using var server = await FakeVendorServer.StartAsync(app => app.MapPost("/v1/audio/speech", async (HttpContext context) =>
        {
            if (fail)
            {
                context.Response.StatusCode = 429;
                await context.Response.WriteAsJsonAsync(new { error = new { message = "Rate limit reached", type = "requests" } });
                return;
            }

            await context.Response.Body.WriteAsync(OpenAITextToSpeechClientTests.Pcm24k(2400));
        }));
        var fallback = new RecordingTextToSpeechClient();
        using var client = new FailoverTextToSpeechClient(OpenAI(server), fallback, new TextToSpeechFailoverOptions { Cooldown = TimeSpan.Zero });

        var first = await client.GetAudioAsync("Hello.");
        fail = false;
        var second = await client.GetAudioAsync("Hello.");

        Assert.Equal("recording", first.AdditionalProperties?[SpeechFailover.ProviderKey]);
        Assert.Equal("openai", second.AdditionalProperties?[SpeechFailover.ProviderKey]);
        Assert.Equal("openai", client.LastProvider);
        Assert.Equal(1, fallback.Calls);
    }

    [Fact]
    public async Task A_failover_is_logged_as_a_warning_naming_the_providers_but_not_the_text_or_key()
    {
        await using var server = await FakeVendorServer.StartAsync(app => app.Map("/v1/text-to-speech/{voice}/stream-input", () =>
            Results.Json(new { detail = new { status = "invalid_api_key", message = "Invalid API key" } }, statusCode: 401)));
        var logger = new ListLogger<FailoverTextToSpeechClient>();
        using var client = new FailoverTextToSpeechClient(ElevenLabs(server), new RecordingTextToSpeechClient(), logger: logger);

        await Collect(client.GetStreamingAudioAsync("My card number is 4242."));

        var (level, text) = Assert.Single(logger.Entries);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, level);
        Assert.Contains("elevenlabs", text, StringComparison.Ordinal);
        Assert.Contains("recording", text, StringComparison.Ordinal);
        Assert.Contains("401", text, StringComparison.Ordinal);
        Assert.DoesNotContain("4242", text, StringComparison.Ordinal);
        Assert.DoesNotContain("xi-key", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        var fallback = new RecordingTextToSpeechClient();
        Assert.Throws<ArgumentNullException>(() => new FailoverTextToSpeechClient(fallback, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FailoverTextToSpeechClient(fallback, fallback, new TextToSpeechFailoverOptions { Cooldown = TimeSpan.FromSeconds(-1) }));
        using var client = new FailoverTextToSpeechClient(fallback, fallback);
        Assert.Throws<ArgumentNullException>(() => client.GetStreamingAudioAsync((string)null!));
        Assert.Throws<ArgumentNullException>(() => client.GetStreamingAudioAsync((IAsyncEnumerable<string>)null!));
    }

    private static ElevenLabsTextToSpeechClient ElevenLabs(FakeVendorServer server) =>
        new(new ElevenLabsTextToSpeechClientOptions { ApiKey = "xi-key", VoiceId = "voice123", BaseUri = new Uri(server.WebSocketBase, "v1/") });

    private static OpenAITextToSpeechClient OpenAI(FakeVendorServer server) =>
        new(new OpenAITextToSpeechClientOptions { ApiKey = "sk-key", BaseUri = new Uri(server.HttpBase, "v1/") });

    private static async Task<List<TextToSpeechResponseUpdate>> Collect(IAsyncEnumerable<TextToSpeechResponseUpdate> updates)
    {
        var list = new List<TextToSpeechResponseUpdate>();
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }
}
