// The speech interfaces of Microsoft.Extensions.AI 10.11 are experimental (MEAI001); they are our contract (§6).
#pragma warning disable MEAI001

using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Audio.Frames;
using Switchboard.Audio.Resampling;
using Switchboard.Speech.Cloud;

namespace Switchboard.Speech.Deepgram;

/// <summary>
/// One live recognition: a WebSocket to Deepgram, a sender loop (binary PCM16 up, then <c>CloseStream</c>), a
/// keep-alive loop (a <c>KeepAlive</c> text message whenever the audio stalls for the interval) and the receive loop
/// run by the consuming enumerator.
/// </summary>
/// <remarks>Single use, not thread-safe; the enumerator owns both loops and stops them when it ends.</remarks>
internal sealed class DeepgramRecognition
{
    private const string CloseStream = """{"type":"CloseStream"}""";
    private const string KeepAlive = """{"type":"KeepAlive"}""";

    private readonly Uri _uri;
    private readonly string _apiKey;
    private readonly string _model;
    private readonly TimeSpan _keepAliveInterval;
    private readonly TimeProvider _timeProvider;
    private long _lastSend;

    internal DeepgramRecognition(Uri uri, string apiKey, string model, TimeSpan keepAliveInterval, TimeProvider timeProvider)
    {
        _uri = uri;
        _apiKey = apiKey;
        _model = model;
        _keepAliveInterval = keepAliveInterval;
        _timeProvider = timeProvider;
    }

    internal async IAsyncEnumerable<SpeechToTextResponseUpdate> RunAsync(
        IAsyncEnumerable<ReadOnlyMemory<short>> audio, int sampleRate, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sendLock = new SemaphoreSlim(1, 1);
        using CloudWebSocket socket = await CloudWebSocket.ConnectAsync(
            DeepgramSpeechToTextClient.ProviderName, _uri, "Authorization", "Token " + _apiKey, "dg-error", cancellationToken);

        _lastSend = _timeProvider.GetTimestamp();
        var keepAliveTimer = new PeriodicTimer(_keepAliveInterval, _timeProvider);
        Task keepAlive = KeepAliveAsync(socket, sendLock, keepAliveTimer, stop.Token);
        Task sender = SendAsync(socket, sendLock, audio, sampleRate, stop);
        var utterance = new DeepgramUtterance(_model);
        try
        {
            while (true)
            {
                ReadOnlyMemory<byte>? message = await ReceiveAsync(socket, sender, stop.Token, cancellationToken);
                if (message is null)
                {
                    break;
                }

                SpeechToTextResponseUpdate? update = Parse(utterance, message.Value);
                if (update is not null)
                {
                    yield return update;
                }
            }

            // The server closed normally: that is the answer to CloseStream, unless the sender failed first.
            await sender;
            SpeechToTextResponseUpdate? last = utterance.Flush();
            if (last is not null)
            {
                yield return last;
            }
        }
        finally
        {
            keepAliveTimer.Dispose();
            await stop.CancelAsync();
            await Quietly(sender);
            await Quietly(keepAlive);
        }
    }

    private static SpeechToTextResponseUpdate? Parse(DeepgramUtterance utterance, ReadOnlyMemory<byte> message)
    {
        try
        {
            return utterance.Accept(message.Span);
        }
        catch (JsonException ex)
        {
            throw new SpeechProviderException(DeepgramSpeechToTextClient.ProviderName, null, $"unreadable server message: {ex.Message}", ex);
        }
    }

    /// <summary>Receives the next message; when the sender failed (and so cancelled the receive), its error wins.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReceiveAsync(CloudWebSocket socket, Task sender, CancellationToken stop, CancellationToken caller)
    {
        try
        {
            return await socket.ReceiveTextAsync(stop);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException && stop.IsCancellationRequested && !caller.IsCancellationRequested)
        {
            // Only a failing sender cancels the receive while the caller still listens; its error is the real one.
            // It may still be unwinding, so wait for it rather than test whether it has faulted yet.
            await sender;
            throw;
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception)
        {
            // Already reported through the receive loop, or irrelevant once the recognition is over.
        }
    }

    private async Task SendAsync(CloudWebSocket socket, SemaphoreSlim sendLock, IAsyncEnumerable<ReadOnlyMemory<short>> audio, int sampleRate, CancellationTokenSource stop)
    {
        CancellationToken token = stop.Token;
        try
        {
            Resampler? resampler = sampleRate == AudioSampleRates.Rate16000 ? null : new Resampler(sampleRate, AudioSampleRates.Rate16000);
            short[] resampled = [];
            byte[] bytes = new byte[3200];
            long total = 0;
            await foreach (ReadOnlyMemory<short> chunk in audio.WithCancellation(token))
            {
                if (chunk.IsEmpty)
                {
                    continue;
                }

                total += chunk.Length;
                ReadOnlySpan<short> samples = chunk.Span;
                if (resampler is not null)
                {
                    int needed = resampler.MaxOutputLength(chunk.Length);
                    if (resampled.Length < needed)
                    {
                        resampled = new short[needed];
                    }

                    samples = resampled.AsSpan(0, resampler.Process(samples, resampled));
                }

                if (bytes.Length < samples.Length * 2)
                {
                    bytes = new byte[samples.Length * 2];
                }

                MemoryMarshal.AsBytes(samples).CopyTo(bytes);
                await SendLockedAsync(socket, sendLock, bytes.AsMemory(0, samples.Length * 2), WebSocketMessageType.Binary, token);
            }

            if (total == 0)
            {
                throw new ArgumentException("The audio holds no samples.", nameof(audio));
            }

            await SendLockedAsync(socket, sendLock, System.Text.Encoding.UTF8.GetBytes(CloseStream), WebSocketMessageType.Text, token);
        }
        catch (WebSocketException ex) when (!token.IsCancellationRequested)
        {
            await stop.CancelAsync();
            throw new SpeechProviderException(DeepgramSpeechToTextClient.ProviderName, null, $"sending audio failed: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Wake the receive loop so it can report this failure instead of waiting for the server.
            await stop.CancelAsync();
            throw;
        }
    }

    private async Task KeepAliveAsync(CloudWebSocket socket, SemaphoreSlim sendLock, PeriodicTimer timer, CancellationToken token)
    {
        byte[] message = System.Text.Encoding.UTF8.GetBytes(KeepAlive);
        try
        {
            while (await timer.WaitForNextTickAsync(token))
            {
                if (_timeProvider.GetElapsedTime(Volatile.Read(ref _lastSend)) >= _keepAliveInterval)
                {
                    await SendLockedAsync(socket, sendLock, message, WebSocketMessageType.Text, token);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Ends with the recognition; a broken socket is reported by the receive loop.
        }
    }

    private async Task SendLockedAsync(CloudWebSocket socket, SemaphoreSlim sendLock, ReadOnlyMemory<byte> data, WebSocketMessageType type, CancellationToken token)
    {
        await sendLock.WaitAsync(token);
        try
        {
            // Stamped before the send: a send that is still in flight already counts as activity.
            Volatile.Write(ref _lastSend, _timeProvider.GetTimestamp());
            await socket.Socket.SendAsync(data, type, true, token);
        }
        finally
        {
            sendLock.Release();
        }
    }
}
