using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Switchboard.Audio.Dtmf;
using Switchboard.Audio.Frames;

namespace Switchboard.Realtime.Transports.Twilio;

/// <summary>
/// A call carried over a Media Streams WebSocket (Twilio <c>&lt;Connect&gt;&lt;Stream&gt;</c>, and the same protocol
/// from Telnyx and SignalWire, see <see cref="MediaStreamDialect"/>): G.711 at 8 kHz in 20 ms frames both ways,
/// <c>dtmf</c> in, in-band DTMF out, <c>clear</c> on barge-in, and <c>mark</c>s that tell how much agent audio the
/// caller has actually heard (<see cref="IPlayoutFeedback"/>).
/// </summary>
/// <remarks>
/// <para><b>Lifetime.</b> Create it with <see cref="AcceptAsync"/> on an open socket once the vendor has connected; it
/// reads <c>connected</c> and <c>start</c> and returns with <see cref="Start"/> filled in. From then on the channel owns
/// the socket: it ends on the vendor's <c>stop</c> (input gets a hang-up, reason <c>user_hangup</c>), on
/// <see cref="HangUpAsync"/> (which lets queued audio play out, then closes the socket), or on
/// <see cref="DisposeAsync"/>.</para>
/// <para><b>Pacing.</b> The vendor sends caller audio continuously; when nothing arrives for
/// <see cref="TwilioMediaChannelOptions.GapFillAfter"/>, the channel delivers silent frames on its own 20 ms clock
/// (from <see cref="TwilioMediaChannelOptions.Time"/>), so the session's timers never stall on a quiet network.</para>
/// <para><b>Transfers.</b> The protocol cannot transfer: <see cref="TransferAsync"/> and <see cref="ConsultAsync"/> (warm
/// transfers, as <see cref="IConsultingMediaChannel"/>) delegate to the vendor's REST API through
/// <see cref="TwilioMediaChannelOptions.TransferHandler"/> and <see cref="TwilioMediaChannelOptions.ConsultHandler"/>, and
/// refuse with the reason when they are not set. While a consult dials and briefs, the caller is on hold here.</para>
/// <para><b>Thread-safety.</b> As <see cref="IMediaChannel"/>: one reader of <see cref="Input"/>, one writer of audio;
/// control methods and the <see cref="IPlayoutFeedback"/> counters from any task.</para>
/// </remarks>
public sealed partial class TwilioMediaChannel : IMediaChannel, IPlayoutFeedback
{
    private const int Rate = 8000;
    private const int FrameSamples = 160;
    private const int MaxMessageBytes = 256 * 1024;
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(20);

    private readonly WebSocket _socket;
    private readonly TwilioMediaChannelOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<MediaInput> _input;
    private readonly Channel<OutboundItem> _outbound = Channel.CreateBounded<OutboundItem>(new BoundedChannelOptions(512)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly CancellationTokenSource _cts = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITimer _clock;
    private readonly Task _receiveLoop;
    private readonly Task _sendLoop;
    private long _sent;
    private long _played;
    private int _epoch;
    private int _ended;
    private int _hangingUp;
    private int _disposed;
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    private string _closeReason = "call ended";

    private TwilioMediaChannel(WebSocket socket, TwilioMediaChannelOptions options, TimeProvider time, MediaStreamStart start, byte[] receiveBuffer)
    {
        _socket = socket;
        _options = options;
        _time = time;
        Start = start;
        _writer = new MediaStreamWriter(options.Dialect, start.StreamId, start.Encoding);
        _input = Channel.CreateBounded<MediaInput>(new BoundedChannelOptions(options.InputCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _clockStart = time.GetTimestamp();
        _lastMediaAt = _clockStart;
        _lastAudioSentAt = _clockStart;
        _receiveLoop = ReceiveLoopAsync(receiveBuffer);
        _sendLoop = SendLoopAsync();
        _clock = time.CreateTimer(static state => ((TwilioMediaChannel)state!).OnTick(), this, Frame, Frame);
    }

    /// <summary>What the vendor said in its <c>start</c> message (stream and call ids, custom parameters, format).</summary>
    public MediaStreamStart Start { get; }

    public int SampleRate => Rate;

    public TimeSpan FrameDuration => Frame;

    public ChannelReader<MediaInput> Input => _input.Reader;

    public long FramesSent => Interlocked.Read(ref _sent);

    public long FramesPlayed => Interlocked.Read(ref _played);

    /// <summary>Caller frames dropped because the session was more than
    /// <see cref="TwilioMediaChannelOptions.InputCapacity"/> frames behind (an overloaded server).</summary>
    public long DroppedFrames => Interlocked.Read(ref _droppedFrames);

    /// <summary>Silent frames the channel delivered on its own clock because the network was quiet.</summary>
    public long SilenceFramesInserted => Interlocked.Read(ref _silenceFrames);

    /// <summary>
    /// Reads the vendor's <c>connected</c> and <c>start</c> messages from <paramref name="socket"/> and returns the
    /// channel for the call. On success the channel owns the socket; on failure the socket is left open for the caller
    /// to close (with a reason of its choosing).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is null.</exception>
    /// <exception cref="ArgumentException">The socket is not open.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="MediaStreamProtocolException">No valid <c>start</c> within
    /// <see cref="TwilioMediaChannelOptions.StartTimeout"/>, an unsupported audio format, or the socket closed or failed first.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<TwilioMediaChannel> AcceptAsync(WebSocket socket, TwilioMediaChannelOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        options ??= new TwilioMediaChannelOptions();
        options.Validate();
        if (socket.State != WebSocketState.Open) throw new ArgumentException($"The WebSocket must be open (it is {socket.State}).", nameof(socket));
        var time = options.Time ?? TimeProvider.System;
        using var timeout = new CancellationTokenSource(options.StartTimeout, time);
        using var link = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                var (received, length, type) = await ReceiveMessageAsync(socket, buffer, link.Token).ConfigureAwait(false);
                buffer = received;
                if (length < 0) throw new MediaStreamProtocolException("The media stream closed before its 'start' message.");
                if (type != WebSocketMessageType.Text) continue;
                InboundMessage message;
                try
                {
                    message = MediaStreamParser.Parse(buffer.AsSpan(0, length), new byte[length]);
                }
                catch (JsonException e)
                {
                    throw new MediaStreamProtocolException("The media stream sent a message that is not valid JSON before 'start'.", e);
                }
                switch (message.Event)
                {
                    case MediaStreamEvent.Connected:
                        continue;
                    case MediaStreamEvent.Start:
                        var start = MediaStreamParser.ParseStart(buffer.AsSpan(0, length));
                        return new TwilioMediaChannel(socket, options, time, start, buffer);
                    default:
                        throw new MediaStreamProtocolException($"Expected 'connected' or 'start' to open the media stream, got '{message.Event}'.");
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new MediaStreamProtocolException($"No 'start' message within {options.StartTimeout.TotalSeconds:0.#} s.");
        }
        catch (WebSocketException e)
        {
            throw new MediaStreamProtocolException("The media stream's socket failed before 'start'.", e);
        }
    }

    public ValueTask SendAudioAsync(AudioFrame frame, CancellationToken cancellationToken)
    {
        if (frame.IsDisposed) throw new ArgumentException("The frame has been disposed.", nameof(frame));
        if (frame.SampleRate != Rate)
        {
            var rate = frame.SampleRate;
            frame.Dispose();
            throw new ArgumentException($"A media stream carries {Rate} Hz audio; the frame is {rate} Hz.", nameof(frame));
        }
        return Enqueue(frame, cancellationToken);
    }

    public void ClearAudio()
    {
        Volatile.Write(ref _clearBoundary, Interlocked.Read(ref _sent));
        Interlocked.Increment(ref _epoch);
        Volatile.Write(ref _clearPending, 1);
        _outbound.Writer.TryWrite(new OutboundItem(OutboundItemKind.Wake, default, 0, 0));
    }

    /// <summary>Plays the digits as in-band DTMF after the audio already queued (the protocol has no digit message).</summary>
    /// <exception cref="ArgumentException">A character that is not a keypad digit (0-9, *, #, A-D).</exception>
    public async ValueTask SendDigitsAsync(string digits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digits);
        foreach (var digit in digits)
        {
            if (!DtmfGenerator.IsDtmfDigit(digit)) throw new ArgumentException($"'{digit}' is not a keypad digit (0-9, *, #, A-D).", nameof(digits));
        }
        var toneSamples = DtmfGenerator.GetSampleCount(_options.DtmfToneDuration, Rate);
        var frames = (toneSamples + FrameSamples - 1) / FrameSamples;
        var tone = new short[frames * FrameSamples];
        foreach (var digit in digits)
        {
            DtmfGenerator.Generate(digit, _options.DtmfLevelDbm0, Rate, tone.AsSpan(0, toneSamples));
            for (var i = 0; i < frames; i++)
            {
                await Enqueue(AudioFrame.Copy(tone.AsSpan(i * FrameSamples, FrameSamples), Rate, 0, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            }
            for (var i = 0; i < frames; i++)
            {
                var pause = AudioFrame.Rent(Rate, FrameSamples, 0, _time.GetUtcNow());
                pause.Samples.Clear();
                await Enqueue(pause, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Lets the audio already queued play out (up to its last <c>mark</c>, bounded by
    /// <see cref="TwilioMediaChannelOptions.HangUpGrace"/>), then closes the socket; the vendor then ends the call unless
    /// its TwiML continues after <c>&lt;Connect&gt;</c>.</summary>
    public async ValueTask HangUpAsync(string reason, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _hangingUp, 1);
        try
        {
            await _outbound.Writer.WriteAsync(new OutboundItem(OutboundItemKind.Close, default, 0, 0), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // Already closing or the vendor hung up first.
        }
        _outbound.Writer.TryComplete();
        await _closed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<TransferOutcome> TransferAsync(string target, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        if (_options.TransferHandler is { } handler) return handler(target, Start, cancellationToken);
        return ValueTask.FromResult(new TransferOutcome(false,
            "A media stream cannot transfer the call; transferring needs the vendor's REST API (call update/redirect), which is not configured."));
    }

    /// <summary>Refuses the stream before any call runs on it (a bad token, no capacity): closes the socket with
    /// <paramref name="status"/> and <paramref name="reason"/> (sent to the vendor, so keep secrets out) and disposes the channel.</summary>
    public async ValueTask RejectAsync(WebSocketCloseStatus status, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reason);
        // The send loop is the socket's only sender: it closes with this status once it stops.
        _closeStatus = status;
        _closeReason = reason.Length > 120 ? reason[..120] : reason;
        Volatile.Write(ref _hangingUp, 1);
        Interlocked.Increment(ref _epoch);
        _outbound.Writer.TryComplete();
        await _closed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _clock.DisposeAsync().ConfigureAwait(false);
        Volatile.Read(ref _playedSignal)?.TrySetResult(); // a hang-up waiting for playout stops waiting
        Interlocked.Increment(ref _epoch); // whatever is still queued will never be heard
        _outbound.Writer.TryComplete();
        try
        {
            await _sendLoop.WaitAsync(TimeSpan.FromSeconds(3), _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The vendor stopped reading; cancelling below aborts the socket.
        }
        await _cts.CancelAsync().ConfigureAwait(false);
        await _receiveLoop.ConfigureAwait(false);
        await _sendLoop.ConfigureAwait(false);
        _input.Writer.TryComplete();
        while (_input.Reader.TryRead(out var input)) input.Frame.Dispose();
        _socket.Dispose();
        _cts.Dispose();
        _callerGone.Dispose();
    }

    private ValueTask Enqueue(AudioFrame frame, CancellationToken cancellationToken)
    {
        var item = new OutboundItem(OutboundItemKind.Audio, frame, Interlocked.Increment(ref _sent), Volatile.Read(ref _epoch));
        if (_outbound.Writer.TryWrite(item)) return ValueTask.CompletedTask;
        return EnqueueSlowAsync(item, cancellationToken);
    }

    private async ValueTask EnqueueSlowAsync(OutboundItem item, CancellationToken cancellationToken)
    {
        try
        {
            await _outbound.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            item.Frame.Dispose(); // the call is over; nobody will hear it
        }
        catch
        {
            item.Frame.Dispose();
            throw;
        }
    }
}
