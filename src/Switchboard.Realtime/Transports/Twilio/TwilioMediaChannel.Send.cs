using System.Net.WebSockets;
using System.Runtime.CompilerServices;

namespace Switchboard.Realtime.Transports.Twilio;

// The send loop: the only writer to the socket (WebSocket allows one send at a time), so clear, marks and close are
// ordered with the audio around them.
public sealed partial class TwilioMediaChannel
{
    private readonly MediaStreamWriter _writer;
    private long _lastAudioSentAt;
    private long _clearBoundary;
    private int _clearPending;
    private int _markRequested;
    private int _unmarked;
    private long _lastWireFrame;

    private async Task SendLoopAsync()
    {
        await Task.Yield();
        var token = _cts.Token;
        var reader = _outbound.Reader;
        try
        {
            while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    if (Interlocked.Exchange(ref _clearPending, 0) == 1) await SendClearAsync(token).ConfigureAwait(false);
                    switch (item.Kind)
                    {
                        case OutboundItemKind.Audio when item.Epoch != Volatile.Read(ref _epoch):
                            item.Frame.Dispose(); // queued before a clear: never to be heard
                            break;
                        case OutboundItemKind.Audio:
                            await SendFrameAsync(item, token).ConfigureAwait(false);
                            break;
                        case OutboundItemKind.Wake:
                            if (Interlocked.Exchange(ref _markRequested, 0) == 1 && _unmarked > 0) await SendMarkAsync(token).ConfigureAwait(false);
                            break;
                        case OutboundItemKind.Close:
                            await DrainAsync(token).ConfigureAwait(false);
                            return;
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // The connection is gone; nothing more can be sent.
        }
        finally
        {
            while (reader.TryRead(out var rest)) rest.Frame.Dispose();
            await CloseSocketAsync().ConfigureAwait(false);
            _closed.TrySetResult();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))] // once per frame: no state machine allocation
    private async ValueTask SendFrameAsync(OutboundItem item, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> message;
        using (item.Frame)
        {
            message = _writer.Media(item.Frame.Samples);
        }
        await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        _lastWireFrame = item.Number;
        Volatile.Write(ref _lastAudioSentAt, _time.GetTimestamp());
        if (Interlocked.Increment(ref _unmarked) >= _options.MarkEveryFrames) await SendMarkAsync(cancellationToken).ConfigureAwait(false);
    }

    private ValueTask SendMarkAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _unmarked, 0);
        return _socket.SendAsync(_writer.Mark(_lastWireFrame), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
    }

    /// <summary>Sends <c>clear</c>, then a mark at the clear's boundary: the vendor echoes it at once (nothing is queued
    /// any more), which moves <see cref="FramesPlayed"/> past the dropped audio.</summary>
    private async ValueTask SendClearAsync(CancellationToken cancellationToken)
    {
        await _socket.SendAsync(_writer.Clear(), WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        var boundary = Volatile.Read(ref _clearBoundary);
        if (boundary > _lastWireFrame) _lastWireFrame = boundary;
        if (_lastWireFrame > 0) await SendMarkAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Before closing on hang-up: mark the tail and wait until the vendor has played it (bounded).</summary>
    private async ValueTask DrainAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _unmarked) > 0) await SendMarkAsync(cancellationToken).ConfigureAwait(false);
        var target = _lastWireFrame;
        if (target == 0 || Interlocked.Read(ref _played) >= target || Volatile.Read(ref _ended) != 0) return;
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _playedSignal, signal);
        Volatile.Write(ref _awaitPlayed, target);
        if (Interlocked.Read(ref _played) >= target || Volatile.Read(ref _ended) != 0 || Volatile.Read(ref _disposed) != 0) return;
        var outstanding = target - Interlocked.Read(ref _played);
        try
        {
            await signal.Task.WaitAsync(Frame * outstanding + _options.HangUpGrace, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The vendor never confirmed playout; close anyway.
        }
    }

    private async ValueTask CloseSocketAsync()
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1), _time);
            await _socket.CloseOutputAsync(_closeStatus, _closeReason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            _socket.Abort();
        }
    }
}
