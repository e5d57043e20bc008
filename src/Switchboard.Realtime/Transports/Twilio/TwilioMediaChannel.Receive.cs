using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Switchboard.Audio.Dtmf;
using Switchboard.Audio.Frames;
using Switchboard.Audio.G711;

namespace Switchboard.Realtime.Transports.Twilio;

// The receive loop (socket → Input) and the gap-filling clock. The loop's buffers belong to it alone.
public sealed partial class TwilioMediaChannel
{
    private readonly short[] _pending = new short[FrameSamples];
    private readonly long _clockStart;
    private byte[] _payload = new byte[8192];
    private short[] _pcm = new short[FrameSamples];
    private int _pendingCount;
    private long _delivered;
    private long _silenceFrames;
    private long _droppedFrames;
    private long _lastMediaAt;
    private long _awaitPlayed = long.MaxValue;
    private TaskCompletionSource? _playedSignal;
    private int _ticking;

    private async Task ReceiveLoopAsync(byte[] buffer)
    {
        await Task.Yield(); // run the loop off the constructor's thread
        var token = _cts.Token;
        var reason = "connection_lost";
        try
        {
            while (true)
            {
                var (received, length, type) = await ReceiveMessageAsync(_socket, buffer, token).ConfigureAwait(false);
                buffer = received;
                if (length < 0) break;
                if (type != WebSocketMessageType.Text) continue;
                if (_payload.Length < length) _payload = new byte[buffer.Length];
                InboundMessage message;
                try
                {
                    message = MediaStreamParser.Parse(buffer.AsSpan(0, length), _payload);
                }
                catch (JsonException)
                {
                    continue; // one garbled message must not end a call
                }
                switch (message.Event)
                {
                    case MediaStreamEvent.Media when !message.OutboundTrack:
                        OnMedia(message.PayloadBytes);
                        break;
                    case MediaStreamEvent.Dtmf when DtmfGenerator.IsDtmfDigit(message.Digit) && Volatile.Read(ref _holding) == 0:
                        await _input.Writer.WriteAsync(MediaInput.ForDigit(char.ToUpperInvariant(message.Digit)), token).ConfigureAwait(false);
                        break;
                    case MediaStreamEvent.Mark:
                        OnMark(message.Mark);
                        break;
                    case MediaStreamEvent.Stop:
                        reason = "user_hangup";
                        return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException
            or MediaStreamProtocolException or ChannelClosedException)
        {
            // The connection is gone (or sent an oversized message): the call ends below like a hang-up.
        }
        finally
        {
            Volatile.Write(ref _ended, 1);
            _callerGone.Cancel();
            _input.Writer.TryWrite(MediaInput.HangUp(Volatile.Read(ref _hangingUp) != 0 ? "agent_hangup" : reason));
            _input.Writer.TryComplete();
            // Nothing more can be played to a stream that has stopped.
            _outbound.Writer.TryComplete();
            Volatile.Read(ref _playedSignal)?.TrySetResult();
        }
    }

    /// <summary>Decodes and frames caller audio. Never waits: a session more than
    /// <see cref="TwilioMediaChannelOptions.InputCapacity"/> frames behind loses caller audio rather than stop this loop,
    /// which also carries the marks and the <c>stop</c> that must not be held up.</summary>
    private void OnMedia(int bytes)
    {
        Volatile.Write(ref _lastMediaAt, _time.GetTimestamp());
        if (_pcm.Length < bytes) _pcm = new short[bytes];
        if (Start.Encoding == MediaStreamEncoding.ALaw) ALaw.Decode(_payload.AsSpan(0, bytes), _pcm);
        else MuLaw.Decode(_payload.AsSpan(0, bytes), _pcm);
        // Vendors send 20 ms per message, but nothing in the protocol promises it: re-cut into 20 ms frames.
        var offset = 0;
        while (offset < bytes)
        {
            var take = Math.Min(FrameSamples - _pendingCount, bytes - offset);
            Array.Copy(_pcm, offset, _pending, _pendingCount, take);
            _pendingCount += take;
            offset += take;
            if (_pendingCount < FrameSamples) break;
            _pendingCount = 0;
            if (Volatile.Read(ref _holding) != 0)
            {
                // On hold nobody listens, and stale audio must not follow the hold; the frame still counts, so frame
                // numbers and the gap filler's reckoning stay on real time.
                Interlocked.Increment(ref _delivered);
                continue;
            }
            var frame = RentFrame();
            _pending.CopyTo(frame.Samples);
            if (!_input.Writer.TryWrite(MediaInput.Audio(frame)))
            {
                frame.Dispose();
                Interlocked.Increment(ref _droppedFrames);
            }
        }
    }

    private AudioFrame RentFrame()
    {
        var number = Interlocked.Increment(ref _delivered) - 1;
        return AudioFrame.Rent(Rate, FrameSamples, number * FrameSamples, _time.GetUtcNow());
    }

    private void OnMark(long frame)
    {
        if (frame < 0) return; // not one of ours
        var current = Interlocked.Read(ref _played);
        while (frame > current)
        {
            var seen = Interlocked.CompareExchange(ref _played, frame, current);
            if (seen == current) break;
            current = seen;
        }
        if (frame >= Volatile.Read(ref _awaitPlayed)) Volatile.Read(ref _playedSignal)?.TrySetResult();
    }

    /// <summary>Every frame period: fill network gaps with silence, and ask for a mark after the tail of an utterance.</summary>
    private void OnTick()
    {
        if (Volatile.Read(ref _ended) != 0 || Interlocked.Exchange(ref _ticking, 1) != 0) return;
        try
        {
            var now = _time.GetTimestamp();
            if (Volatile.Read(ref _holding) != 0) FeedRingback();
            else if (_time.GetElapsedTime(Volatile.Read(ref _lastMediaAt), now) >= _options.GapFillAfter)
            {
                // Only while the vendor is silent: a backlog being read after a stall must not be padded.
                var expected = (long)(_time.GetElapsedTime(_clockStart, now) / Frame);
                var missing = Math.Min(expected - Interlocked.Read(ref _delivered), 3);
                for (; missing > 0; missing--)
                {
                    var frame = RentFrame();
                    frame.Samples.Clear();
                    if (!_input.Writer.TryWrite(MediaInput.Audio(frame)))
                    {
                        frame.Dispose(); // the session is behind anyway; it needs no filler
                        break;
                    }
                    Interlocked.Increment(ref _silenceFrames);
                }
            }
            if (Volatile.Read(ref _unmarked) > 0 && _time.GetElapsedTime(Volatile.Read(ref _lastAudioSentAt), now) >= Frame * 2
                && Interlocked.Exchange(ref _markRequested, 1) == 0)
            {
                _outbound.Writer.TryWrite(new OutboundItem(OutboundItemKind.Wake, default, 0, 0));
            }
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }

    /// <summary>Reads one whole message, growing the buffer as needed. Length -1: the peer closed the socket.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<(byte[] Buffer, int Length, WebSocketMessageType Type)> ReceiveMessageAsync(
        WebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length >= MaxMessageBytes) throw new MediaStreamProtocolException($"A media stream message exceeded {MaxMessageBytes} bytes.");
                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxMessageBytes));
            }
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close) return (buffer, -1, result.MessageType);
            length += result.Count;
            if (result.EndOfMessage) return (buffer, length, result.MessageType);
        }
    }
}
