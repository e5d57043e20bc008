using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Threading.Channels;
using Switchboard.Audio.Frames;
using Switchboard.Realtime.Simulation;

namespace Switchboard.Realtime.Transports.Browser;

// The clock that feeds the session and the single writer of the socket.
public sealed partial class BrowserMediaChannel
{
    private long _timestamp;

    private async Task RunClockLoopAsync(CancellationToken cancellationToken)
    {
        var pacer = new RealTimePacer(_time, FrameDuration);
        var catchUp = _options.CatchUpAfterFrames * FrameLength;
        try
        {
            while (true)
            {
                await pacer.WaitAsync(cancellationToken).ConfigureAwait(false);
                if (!await DeliverFrameAsync(cancellationToken).ConfigureAwait(false)) return;
                if (_audio.Count > catchUp && !await DeliverFrameAsync(cancellationToken).ConfigureAwait(false)) return;
                Tick();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Hands the session the next frame of microphone audio, or silence when none is waiting.</summary>
    /// <returns>False once the session takes no more input.</returns>
    private async ValueTask<bool> DeliverFrameAsync(CancellationToken cancellationToken)
    {
        var frame = AudioFrame.Rent(SampleRate, FrameLength, _timestamp, _time.GetUtcNow());
        _audio.TryRead(frame.Samples); // a rented frame is zeroed: silence unless a whole frame was waiting
        _timestamp += FrameLength;
        try
        {
            await _input.Writer.WriteAsync(MediaInput.Audio(frame), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ChannelClosedException)
        {
            frame.Dispose();
            return false;
        }
        catch
        {
            frame.Dispose();
            throw;
        }
    }

    /// <summary>
    /// One frame period passed. The session sends at most one frame per frame it receives, so a period in which no
    /// audible frame went out counts toward <c>agent_stop_talking</c>, whether the frame was silent or never sent.
    /// </summary>
    private void Tick()
    {
        lock (_gate)
        {
            if (_spokeThisTick)
            {
                _spokeThisTick = false;
                return;
            }
            if (_talking && !_closing && ++_quietTicks >= _options.StopTalkingAfterFrames) StopTalkingLocked();
        }
    }

    private async Task RunSendLoopAsync()
    {
        var bytes = new byte[FrameLength * 2];
        try
        {
            // No token: the loop ends when the queue is completed (the call ended) or the socket fails.
            await foreach (var message in _outgoing.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                if (message.Text is { } text)
                {
                    await _socket.SendAsync(text, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
                    continue;
                }
                int length;
                using (var frame = message.Frame)
                {
                    if (message.Epoch != Volatile.Read(ref _epoch)) continue;
                    length = Encode(frame.Samples, ref bytes);
                }
                await _socket.SendAsync(bytes.AsMemory(0, length), WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None)
                    .ConfigureAwait(false);
            }
            byte[]? final;
            lock (_gate) final = _finalMessage;
            if (final is not null && _socket.State is WebSocketState.Open)
                await _socket.SendAsync(final, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "call ended", CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            BrowserChannelLog.SendFailed(_logger, e, CallId);
            BeginClose("user_hangup", browserGone: true);
        }
        finally
        {
            while (_outgoing.Reader.TryRead(out var left)) left.Frame.Dispose();
        }
    }

    /// <summary>PCM16 little-endian, whatever the machine's byte order.</summary>
    private static int Encode(ReadOnlySpan<short> samples, ref byte[] bytes)
    {
        var length = samples.Length * 2;
        if (bytes.Length < length) bytes = new byte[length];
        for (var i = 0; i < samples.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2, 2), samples[i]);
        return length;
    }
}
