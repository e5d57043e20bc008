// The speech interfaces of Microsoft.Extensions.AI 10.11 are experimental (MEAI001); they are our contract (§6).
#pragma warning disable MEAI001

using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Speech.Deepgram;
using Switchboard.Speech.Tests.Cloud;

namespace Switchboard.Speech.Tests.Deepgram;

public sealed class DeepgramSpeechToTextClientTests
{
    private const string Key = "dg-secret-key-123";

    [Fact]
    public async Task Streams_audio_with_the_documented_parameters_and_maps_interim_and_final_results()
    {
        string? auth = null;
        IQueryCollection? query = null;
        long audioBytes = 0;
        string? closeMessage = null;
        await using var server = await FakeVendorServer.StartAsync(app => app.Map("/v1/listen", async context =>
        {
            auth = context.Request.Headers.Authorization;
            query = context.Request.Query;
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            while (await FakeVendorServer.ReceiveAsync(socket) is { } message)
            {
                if (message.Type == WebSocketMessageType.Binary)
                {
                    audioBytes += message.Data.Length;
                    continue;
                }

                closeMessage = Encoding.UTF8.GetString(message.Data);
                break;
            }

            await FakeVendorServer.SendTextAsync(socket, Results("hello", isFinal: false, speechFinal: false, 0, 0.5));
            await FakeVendorServer.SendTextAsync(socket, Results("hello there.", isFinal: true, speechFinal: false, 0, 1.0));
            await FakeVendorServer.SendTextAsync(socket, Results("how", isFinal: false, speechFinal: false, 1.0, 0.4));
            await FakeVendorServer.SendTextAsync(socket, Results("how are you?", isFinal: true, speechFinal: true, 1.0, 1.2));
            await FakeVendorServer.SendTextAsync(socket, Results("", isFinal: true, speechFinal: false, 2.2, 0.3));
            await FakeVendorServer.SendTextAsync(socket, Results("bye", isFinal: true, speechFinal: false, 2.5, 0.5));
            await FakeVendorServer.SendTextAsync(socket, """{"type":"Metadata","request_id":"r1","duration":3.0,"channels":1}""");
            await FakeVendorServer.CloseAsync(socket);
        }));

        var options = new DeepgramSpeechToTextClientOptions { ApiKey = Key, Endpoint = new Uri(server.WebSocketBase, "v1/listen") };
        options.Keywords.Add("Acme Dental");
        using var client = new DeepgramSpeechToTextClient(options);
        var request = new SpeechToTextOptions().WithExpectedPhrases(["cleaning", "acme dental"]);

        var updates = new List<SpeechToTextResponseUpdate>();
        await foreach (var update in client.GetStreamingTextAsync(Chunks(16000, 5, 1600), 16000, request))
        {
            updates.Add(update);
        }

        Assert.Equal("Token " + Key, auth);
        Assert.NotNull(query);
        Assert.Equal("linear16", query["encoding"]);
        Assert.Equal("16000", query["sample_rate"]);
        Assert.Equal("true", query["interim_results"]);
        Assert.Equal("true", query["punctuate"]);
        Assert.Equal("300", query["endpointing"]);
        Assert.Equal("nova-3", query["model"]);
        Assert.Equal("en", query["language"]);
        Assert.Equal(new[] { "Acme Dental", "cleaning" }, query["keyterm"].Select(v => v ?? string.Empty).ToArray());
        Assert.Equal(5 * 1600 * 2, audioBytes);
        Assert.Equal("""{"type":"CloseStream"}""", closeMessage);

        Assert.Equal(
            [
                ("hello", SpeechToTextResponseUpdateKind.TextUpdating),
                ("hello there.", SpeechToTextResponseUpdateKind.TextUpdating),
                ("hello there. how", SpeechToTextResponseUpdateKind.TextUpdating),
                ("hello there. how are you?", SpeechToTextResponseUpdateKind.TextUpdated),
                ("bye", SpeechToTextResponseUpdateKind.TextUpdating),
                ("bye", SpeechToTextResponseUpdateKind.TextUpdated),
            ],
            updates.Select(u => (u.Text, u.Kind)).ToArray());
        Assert.Equal(TimeSpan.Zero, updates[3].StartTime);
        Assert.Equal(TimeSpan.FromSeconds(2.2), updates[3].EndTime);
        Assert.Equal(TimeSpan.FromSeconds(2.5), updates[5].StartTime);
    }

    [Fact]
    public async Task Stream_input_is_resampled_to_16_kHz_and_GetTextAsync_joins_utterances()
    {
        long audioBytes = 0;
        await using var server = await FakeVendorServer.StartAsync(app => app.Map("/v1/listen", async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            while (await FakeVendorServer.ReceiveAsync(socket) is { } message && message.Type == WebSocketMessageType.Binary)
            {
                audioBytes += message.Data.Length;
            }

            await FakeVendorServer.SendTextAsync(socket, Results("first one.", isFinal: true, speechFinal: true, 0, 1));
            await FakeVendorServer.SendTextAsync(socket, Results("second", isFinal: true, speechFinal: false, 1, 1));
            await FakeVendorServer.SendTextAsync(socket, """{"type":"UtteranceEnd","last_word_end":2.0}""");
            await FakeVendorServer.CloseAsync(socket);
        }));

        using var client = new DeepgramSpeechToTextClient(new() { ApiKey = Key, Endpoint = new Uri(server.WebSocketBase, "v1/listen") });
        short[] samples = Tone(8000, 8000);
        using var wav = new MemoryStream();
        Switchboard.Audio.Wav.WavWriter.Write(wav, samples, 8000);
        wav.Position = 0;

        var response = await client.GetTextAsync(wav);

        Assert.Equal("first one. second", response.Text);
        // One second at 8 kHz becomes one second at 16 kHz (the resampler may hold back its filter delay).
        Assert.InRange(audioBytes, 31000, 32000);
    }

    [Fact]
    public async Task A_refused_handshake_becomes_a_provider_exception_with_the_vendor_message_and_no_key()
    {
        await using var server = await FakeVendorServer.StartAsync(app => app.Map("/v1/listen", async context =>
        {
            context.Response.StatusCode = 401;
            context.Response.Headers["dg-error"] = "Invalid credentials.";
            await context.Response.WriteAsJsonAsync(new { err_code = "INVALID_AUTH", err_msg = "Invalid credentials." });
        }));

        using var client = new DeepgramSpeechToTextClient(new() { ApiKey = Key, Endpoint = new Uri(server.WebSocketBase, "v1/listen") });

        var error = await Assert.ThrowsAsync<SpeechProviderException>(async () =>
        {
            await foreach (var update in client.GetStreamingTextAsync(Chunks(16000, 1, 320), 16000))
            {
            }
        });

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("deepgram", error.Provider);
        Assert.Contains("Invalid credentials.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_close_becomes_a_provider_exception_with_the_close_reason()
    {
        await using var server = await FakeVendorServer.StartAsync(app => app.Map("/v1/listen", async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await FakeVendorServer.ReceiveAsync(socket);
            await FakeVendorServer.SendTextAsync(socket, Results("partial", isFinal: false, speechFinal: false, 0, 0.2));
            await FakeVendorServer.CloseAsync(socket, WebSocketCloseStatus.InternalServerError, "NET-0001: no audio received");
        }));

        using var client = new DeepgramSpeechToTextClient(new() { ApiKey = Key, Endpoint = new Uri(server.WebSocketBase, "v1/listen") });
        var seen = new List<string>();

        var error = await Assert.ThrowsAsync<SpeechProviderException>(async () =>
        {
            await foreach (var update in client.GetStreamingTextAsync(Stalled(), 16000))
            {
                seen.Add(update.Text);
            }
        });

        Assert.Equal(["partial"], seen);
        Assert.Contains("1011", error.Message, StringComparison.Ordinal);
        Assert.Contains("NET-0001: no audio received", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sends_KeepAlive_when_the_audio_stalls_for_the_interval()
    {
        var time = new FakeTimeProvider();
        var firstAudio = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = new List<string>();
        await using var server = await FakeVendorServer.StartAsync(app => app.Map("/v1/listen", async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            while (await FakeVendorServer.ReceiveAsync(socket) is { } message)
            {
                if (message.Type == WebSocketMessageType.Binary)
                {
                    received.Add($"audio:{message.Data.Length}");
                    firstAudio.TrySetResult();
                    continue;
                }

                string text = Encoding.UTF8.GetString(message.Data);
                received.Add(text);
                if (text.Contains("KeepAlive", StringComparison.Ordinal))
                {
                    resume.TrySetResult();
                }
                else
                {
                    break;
                }
            }

            await FakeVendorServer.CloseAsync(socket);
        }));

        using var client = new DeepgramSpeechToTextClient(new()
        {
            ApiKey = Key,
            Endpoint = new Uri(server.WebSocketBase, "v1/listen"),
            KeepAliveInterval = TimeSpan.FromSeconds(4),
            TimeProvider = time,
        });

        async IAsyncEnumerable<ReadOnlyMemory<short>> Audio()
        {
            yield return new short[320];
            await resume.Task;
            yield return new short[320];
        }

        var run = Task.Run(async () =>
        {
            await foreach (var update in client.GetStreamingTextAsync(Audio(), 16000))
            {
            }
        });

        await firstAudio.Task;
        time.Advance(TimeSpan.FromSeconds(4));
        await run;

        Assert.Equal(["audio:640", """{"type":"KeepAlive"}""", "audio:640", """{"type":"CloseStream"}"""], received);
    }

    [Fact]
    public async Task Audio_without_samples_is_an_argument_error_after_the_connection_opened()
    {
        await using var server = await FakeVendorServer.StartAsync(app => app.Map("/v1/listen", async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            try
            {
                while (await FakeVendorServer.ReceiveAsync(socket, context.RequestAborted) is not null)
                {
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
            {
            }
        }));

        using var client = new DeepgramSpeechToTextClient(new() { ApiKey = Key, Endpoint = new Uri(server.WebSocketBase, "v1/listen") });

        await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (var update in client.GetStreamingTextAsync(Chunks(16000, 0, 320), 16000))
            {
            }
        });
    }

    [Fact]
    public void Older_models_get_keywords_instead_of_keyterm()
    {
        var options = new DeepgramSpeechToTextClientOptions { ApiKey = Key, Model = "nova-2" };
        options.Keywords.Add("acme");
        using var client = new DeepgramSpeechToTextClient(options);

        string query = client.BuildUri(new SpeechToTextOptions { SpeechLanguage = "de" }.WithKeywords(["zahn"])).Query;

        Assert.Contains("keywords=acme", query, StringComparison.Ordinal);
        Assert.Contains("keywords=zahn", query, StringComparison.Ordinal);
        Assert.Contains("language=de", query, StringComparison.Ordinal);
        Assert.DoesNotContain("keyterm", query, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_options_are_rejected_with_argument_exceptions()
    {
        Assert.Throws<ArgumentException>(() => new DeepgramSpeechToTextClient(new() { ApiKey = " " }));
        Assert.Throws<ArgumentException>(() => new DeepgramSpeechToTextClient(new() { ApiKey = Key, Endpoint = new Uri("https://api.deepgram.com/v1/listen") }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeepgramSpeechToTextClient(new() { ApiKey = Key, EndpointingMilliseconds = 5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeepgramSpeechToTextClient(new() { ApiKey = Key, KeepAliveInterval = TimeSpan.FromSeconds(30) }));
        using var client = new DeepgramSpeechToTextClient(new() { ApiKey = Key });
        Assert.Throws<ArgumentException>(() => client.GetStreamingTextAsync(Chunks(1, 1, 1), 11025));
        Assert.Throws<ArgumentException>(() => client.GetStreamingTextAsync(new MemoryStream(), new SpeechToTextOptions { SpeechSampleRate = 44100 }));
    }

    internal static string Results(string transcript, bool isFinal, bool speechFinal, double start, double duration) =>
        JsonSerializer.Serialize(new
        {
            type = "Results",
            channel_index = new[] { 0, 1 },
            duration,
            start,
            is_final = isFinal,
            speech_final = speechFinal,
            channel = new { alternatives = new[] { new { transcript, confidence = 0.98, words = Array.Empty<object>() } } },
            metadata = new { request_id = "req-1", model_uuid = "m-1" },
            from_finalize = false,
        });

    internal static async IAsyncEnumerable<ReadOnlyMemory<short>> Chunks(int rate, int count, int samples)
    {
        short[] tone = Tone(rate, samples);
        for (int i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return tone;
        }
    }

    internal static short[] Tone(int rate, int samples)
    {
        short[] tone = new short[samples];
        for (int i = 0; i < samples; i++)
        {
            tone[i] = (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / rate));
        }

        return tone;
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<short>> Stalled([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return new short[320];
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
