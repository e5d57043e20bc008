// The speech interfaces of Microsoft.Extensions.AI 10.11 are experimental (MEAI001); they are our contract (§6).
#pragma warning disable MEAI001

using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Audio.Wav;
using Switchboard.Speech.Deepgram;
using Switchboard.Speech.Failover;
using Switchboard.Speech.Tests.Cloud;
using Switchboard.Speech.Tests.Deepgram;

namespace Switchboard.Speech.Tests.Failover;

public sealed class FailoverSpeechToTextClientTests
{
    [Fact]
    public async Task A_500_on_the_handshake_fails_over_and_the_fallback_hears_all_the_audio()
    {
        int connections = 0;
        await using var server = await FakeVendorServer.StartAsync(app => app.Map("/v1/listen", context =>
        {
            Interlocked.Increment(ref connections);
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        }));
        var fallback = new CountingSpeechToTextClient();
        using var client = new FailoverSpeechToTextClient(Deepgram(server), fallback);
        byte[] wav = Wav(16000, 16000);

        var updates = await Collect(client.GetStreamingTextAsync(new MemoryStream(wav)));

        var only = Assert.Single(updates);
        Assert.Equal($"{wav.Length} bytes", only.Text);
        Assert.Equal("counting", only.AdditionalProperties?[SpeechFailover.ProviderKey]);
        Assert.Equal("counting", client.LastProvider);
        Assert.Equal(1, connections);
        Assert.True(client.IsPrimaryCoolingDown);
    }

    [Fact]
    public async Task An_error_close_before_any_result_replays_the_audio_the_primary_already_sent()
    {
        long primaryBytes = 0;
        await using var server = await FakeVendorServer.StartAsync(app => app.Map("/v1/listen", async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            for (int i = 0; i < 3 && await FakeVendorServer.ReceiveAsync(socket) is { } message; i++)
            {
                primaryBytes += message.Data.Length;
            }

            await FakeVendorServer.CloseAsync(socket, WebSocketCloseStatus.InternalServerError, "DATA-0000: internal error");
        }));
        var fallback = new CountingSpeechToTextClient();
        using var client = new FailoverSpeechToTextClient(Deepgram(server), fallback);
        byte[] wav = Wav(16000, 48000);

        var response = await client.GetTextAsync(new MemoryStream(wav));

        Assert.True(primaryBytes > 0, "The primary should have streamed some audio before failing.");
        Assert.Equal($"{wav.Length} bytes", response.Text);
        Assert.Equal("counting", response.AdditionalProperties?[SpeechFailover.ProviderKey]);
    }

    [Fact]
    public async Task No_result_before_the_timeout_fails_over_on_virtual_time()
    {
        var time = new FakeTimeProvider();
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await FakeVendorServer.StartAsync(app => app.Map("/v1/listen", async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            connected.TrySetResult();
            try
            {
                // Swallow the audio and never answer.
                while (await FakeVendorServer.ReceiveAsync(socket, context.RequestAborted) is not null)
                {
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
            {
            }
        }));
        var fallback = new CountingSpeechToTextClient();
        using var client = new FailoverSpeechToTextClient(
            Deepgram(server), fallback, new SpeechToTextFailoverOptions { FirstResultTimeout = TimeSpan.FromSeconds(3), TimeProvider = time });
        byte[] wav = Wav(16000, 16000);

        var run = Collect(client.GetStreamingTextAsync(new MemoryStream(wav)));
        await connected.Task;
        Assert.False(run.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(3));
        var updates = await run;

        Assert.Equal($"{wav.Length} bytes", Assert.Single(updates).Text);
        Assert.Equal(1, fallback.Calls);
    }

    [Fact]
    public async Task A_failure_after_results_is_passed_on_without_replay_and_the_next_request_skips_the_primary()
    {
        int connections = 0;
        await using var server = await FakeVendorServer.StartAsync(app => app.Map("/v1/listen", async context =>
        {
            Interlocked.Increment(ref connections);
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await FakeVendorServer.ReceiveAsync(socket);
            await FakeVendorServer.SendTextAsync(socket, DeepgramSpeechToTextClientTests.Results("book an", isFinal: false, speechFinal: false, 0, 0.5));
            await FakeVendorServer.CloseAsync(socket, WebSocketCloseStatus.InternalServerError, "NET-0000: service unavailable");
        }));
        var time = new FakeTimeProvider();
        var fallback = new CountingSpeechToTextClient();
        using var client = new FailoverSpeechToTextClient(
            Deepgram(server), fallback, new SpeechToTextFailoverOptions { Cooldown = TimeSpan.FromSeconds(30), TimeProvider = time });
        var seen = new List<SpeechToTextResponseUpdate>();

        var error = await Assert.ThrowsAsync<SpeechProviderException>(async () =>
        {
            await foreach (var update in client.GetStreamingTextAsync(new MemoryStream(Wav(16000, 32000))))
            {
                seen.Add(update);
            }
        });

        Assert.Contains("NET-0000", error.Message, StringComparison.Ordinal);
        Assert.Equal("book an", Assert.Single(seen).Text);
        Assert.Equal("deepgram", seen[0].AdditionalProperties?[SpeechFailover.ProviderKey]);
        Assert.Equal(0, fallback.Calls);

        var next = await client.GetTextAsync(new MemoryStream(Wav(16000, 1600)));
        Assert.Equal("counting", next.AdditionalProperties?[SpeechFailover.ProviderKey]);
        Assert.Equal(1, connections);

        time.Advance(TimeSpan.FromSeconds(31));
        Assert.False(client.IsPrimaryCoolingDown);
        await Assert.ThrowsAsync<SpeechProviderException>(() => client.GetTextAsync(new MemoryStream(Wav(16000, 1600))));
        Assert.Equal(2, connections);
    }

    [Fact]
    public async Task The_fallback_gets_its_own_options_and_bad_arguments_are_not_failed_over()
    {
        await using var server = await FakeVendorServer.StartAsync(app => app.Map("/v1/listen", context =>
        {
            context.Response.StatusCode = 401;
            return Task.CompletedTask;
        }));
        var fallback = new CountingSpeechToTextClient();
        var adapted = new SpeechToTextOptions { SpeechLanguage = "en" };
        using var client = new FailoverSpeechToTextClient(Deepgram(server), fallback, new SpeechToTextFailoverOptions { FallbackOptions = _ => adapted, Cooldown = TimeSpan.Zero });

        await client.GetTextAsync(new MemoryStream(Wav(16000, 1600)), new SpeechToTextOptions { ModelId = "nova-3" });
        Assert.Same(adapted, fallback.LastOptions);

        // An unsupported rate is the caller's error: the fallback would reject it too.
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetTextAsync(new MemoryStream(new byte[100]), new SpeechToTextOptions { SpeechSampleRate = 11025 }));
        Assert.Equal(1, fallback.Calls);
        Assert.Throws<ArgumentNullException>(() => new FailoverSpeechToTextClient(null!, fallback));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FailoverSpeechToTextClient(fallback, fallback, new SpeechToTextFailoverOptions { FirstResultTimeout = TimeSpan.Zero }));
    }

    [Fact]
    public async Task Media_frames_the_primary_took_before_an_error_close_are_replayed_to_a_frame_fed_fallback()
    {
        int framesAtPrimary = 0;
        await using var server = await FakeVendorServer.StartAsync(app => app.Map("/v1/listen", async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            while (framesAtPrimary < 3 && await FakeVendorServer.ReceiveAsync(socket) is not null)
            {
                framesAtPrimary++;
            }

            await FakeVendorServer.CloseAsync(socket, WebSocketCloseStatus.InternalServerError, "DATA-0000");
        }));
        var fallback = new CountingPcmSpeechToTextClient();
        using var client = new FailoverSpeechToTextClient(Deepgram(server), fallback);
        short[] frame = DeepgramSpeechToTextClientTests.Tone(8000, 160);

        var updates = await Collect(client.GetStreamingTextAsync(Frames(frame, 50), 8000));

        Assert.Equal(3, framesAtPrimary);
        var only = Assert.Single(updates);
        Assert.StartsWith("8000 samples at 8000 in ", only.Text, StringComparison.Ordinal);
        Assert.Equal("counting-pcm", only.AdditionalProperties?[SpeechFailover.ProviderKey]);
        Assert.Equal(Enumerable.Range(0, 50).SelectMany(_ => frame), fallback.Samples);
    }

    [Fact]
    public async Task Media_frames_reach_a_stream_only_fallback_as_raw_pcm_at_their_rate()
    {
        await using var server = await FakeVendorServer.StartAsync(app => app.Map("/v1/listen", context =>
        {
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        }));
        var fallback = new CountingSpeechToTextClient();
        using var client = new FailoverSpeechToTextClient(Deepgram(server), fallback);

        var updates = await Collect(client.GetStreamingTextAsync(Frames(new short[320], 10), 16000));

        Assert.Equal("6400 bytes", Assert.Single(updates).Text);
        Assert.Equal(16000, fallback.LastOptions?.SpeechSampleRate);
        Assert.Throws<ArgumentException>(() => client.GetStreamingTextAsync(Frames(new short[10], 1), 22050));
    }

    [NativeFact(flite: true, pocketSphinx: true)]
    public async Task Pocketsphinx_serves_when_deepgram_refuses_the_key()
    {
        await using var server = await FakeVendorServer.StartAsync(app => app.Map("/v1/listen", async context =>
        {
            context.Response.StatusCode = 401;
            context.Response.Headers["dg-error"] = "Invalid credentials.";
            await context.Response.WriteAsync("""{"err_code":"INVALID_AUTH","err_msg":"Invalid credentials."}""");
        }));
        using var client = new FailoverSpeechToTextClient(Deepgram(server), new BorrowedSpeechToTextClient(SpeechTestAudio.Recognizer));

        var response = await client.GetTextAsync(SpeechTestAudio.RawStream(SpeechTestAudio.Speak16k("hello world")));

        Assert.Equal("pocketsphinx", response.AdditionalProperties?[SpeechFailover.ProviderKey]);
        Assert.Contains("hello", response.Text, StringComparison.Ordinal);
    }

    private static DeepgramSpeechToTextClient Deepgram(FakeVendorServer server) =>
        new(new DeepgramSpeechToTextClientOptions { ApiKey = "dg-key", Endpoint = new Uri(server.WebSocketBase, "v1/listen") });

    private static async IAsyncEnumerable<ReadOnlyMemory<short>> Frames(short[] frame, int count)
    {
        // Like the media loop: the same buffer is reused for every frame.
        short[] buffer = new short[frame.Length];
        for (int i = 0; i < count; i++)
        {
            await Task.Yield();
            frame.CopyTo(buffer, 0);
            yield return buffer;
            Array.Clear(buffer);
        }
    }

    private static byte[] Wav(int rate, int samples)
    {
        using var stream = new MemoryStream();
        WavWriter.Write(stream, DeepgramSpeechToTextClientTests.Tone(rate, samples), rate);
        return stream.ToArray();
    }

    private static async Task<List<SpeechToTextResponseUpdate>> Collect(IAsyncEnumerable<SpeechToTextResponseUpdate> updates)
    {
        var list = new List<SpeechToTextResponseUpdate>();
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }
}
