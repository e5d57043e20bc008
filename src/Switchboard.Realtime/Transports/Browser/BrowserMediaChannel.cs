using System.Net.WebSockets;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Audio.Frames;
using Switchboard.Realtime.Sessions.Events;

namespace Switchboard.Realtime.Transports.Browser;

/// <summary>
/// A call carried over a browser's WebSocket: mono PCM16 little-endian audio at <see cref="SampleRate"/> in binary
/// messages both ways, and JSON events in text messages (the protocol is described in docs/web-calls.md).
/// </summary>
/// <remarks>
/// <para><b>Clock.</b> Browsers send microphone audio in bursts of any size and nothing at all while muted, so the channel
/// re-cuts what arrives into frames and hands the session exactly one frame per <see cref="FrameDuration"/> of
/// <see cref="TimeProvider"/> time — silence when nothing is waiting — which keeps the session's media clock running.</para>
/// <para><b>Lifecycle.</b> Until <see cref="Start"/>, the socket is not touched, so whoever accepted it can still answer
/// it themselves if the call cannot start. After <see cref="Start"/> the channel owns the socket. The browser's
/// <c>hangup</c> message or closing the socket is a <c>user_hangup</c>; <see cref="HangUpAsync"/> ends the input. The
/// socket stays open after either so the call's last transcript lines still reach the page: it closes, with
/// <c>call_ended</c> as the last message, when the call's <see cref="CallEnded"/> event is forwarded
/// (<see cref="ForwardAsync"/>) or the channel is disposed. <see cref="Completion"/> completes once everything is shut down.</para>
/// <para><b>Thread-safety.</b> As <see cref="IMediaChannel"/>: one reader of <see cref="Input"/>, one writer of audio; the
/// control methods and the <c>Post…</c> methods may be called from any task.</para>
/// </remarks>
public sealed partial class BrowserMediaChannel : IMediaChannel
{
    private readonly WebSocket _socket;
    private readonly BrowserMediaChannelOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<MediaInput> _input = Channel.CreateBounded<MediaInput>(new BoundedChannelOptions(16)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly Channel<OutgoingMessage> _outgoing;
    private readonly InboundAudioBuffer _audio;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private Task _sendLoop = Task.CompletedTask;
    private Task _receiveLoop = Task.CompletedTask;
    private Task _clockLoop = Task.CompletedTask;
    private int _started;
    private int _disposed;

    // Guarded by _gate: the talking state, the clear epoch and the ending.
    private bool _talking;
    private bool _spokeThisTick;
    private int _quietTicks;
    private int _epoch;
    private bool _closing;
    private byte[]? _finalMessage;
    private string? _endReason;
    private bool _reportedDrop;

    /// <param name="socket">An open WebSocket to the browser; owned by the channel from <see cref="Start"/> on.</param>
    /// <param name="callId">The call's id, announced in <c>call_started</c>.</param>
    /// <param name="agentId">The agent's id, announced in <c>call_started</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is null.</exception>
    /// <exception cref="ArgumentException">An id is empty, or the socket is not open.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (see <see cref="BrowserMediaChannelOptions.Validate"/>).</exception>
    public BrowserMediaChannel(WebSocket socket, string callId, string agentId, BrowserMediaChannelOptions? options = null,
        TimeProvider? time = null, ILogger? logger = null)
    {
        _socket = socket ?? throw new ArgumentNullException(nameof(socket));
        ArgumentException.ThrowIfNullOrWhiteSpace(callId);
        ArgumentException.ThrowIfNullOrWhiteSpace(agentId);
        if (socket.State != WebSocketState.Open) throw new ArgumentException($"The WebSocket must be open (it is {socket.State}).", nameof(socket));
        _options = options ?? new BrowserMediaChannelOptions();
        _options.Validate();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        CallId = callId;
        AgentId = agentId;
        SampleRate = _options.SampleRate;
        FrameLength = SampleRate / 50;
        _audio = new InboundAudioBuffer(_options.MaxBufferedInputFrames * FrameLength);
        _outgoing = Channel.CreateBounded<OutgoingMessage>(new BoundedChannelOptions(_options.OutgoingQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _outgoing.Writer.TryWrite(new OutgoingMessage(default, BrowserEvents.CallStarted(callId, agentId, SampleRate), 0));
    }

    /// <summary>The call this channel carries.</summary>
    public string CallId { get; }

    /// <summary>The agent announced to the browser.</summary>
    public string AgentId { get; }

    public int SampleRate { get; }

    public TimeSpan FrameDuration { get; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Samples per frame at <see cref="SampleRate"/>.</summary>
    public int FrameLength { get; }

    public ChannelReader<MediaInput> Input => _input.Reader;

    /// <summary>Completes when the channel has shut down: the socket is closed (or was never started) and every loop ended.</summary>
    public Task Completion => _completion.Task;

    /// <summary>
    /// Why the call is ending: <c>user_hangup</c> when the browser hung up or left, the reason given to
    /// <see cref="HangUpAsync"/>, or the forwarded <see cref="CallEnded"/>'s; null while the call runs.
    /// </summary>
    public string? EndReason
    {
        get
        {
            lock (_gate) return _endReason;
        }
    }

    /// <summary>
    /// Starts talking to the browser: <c>call_started</c> goes out first, then the clock starts delivering frames. Call it
    /// once the call is running (the session may already be reading <see cref="Input"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    /// <exception cref="ObjectDisposedException">The channel was disposed.</exception>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.Exchange(ref _started, 1) != 0) throw new InvalidOperationException("The channel has already been started.");
        _sendLoop = RunSendLoopAsync();
        _receiveLoop = RunReceiveLoopAsync(_stop.Token);
        _clockLoop = RunClockLoopAsync(_stop.Token);
    }

    /// <summary>Sends a <c>transcript</c> event.</summary>
    /// <param name="role"><c>agent</c> or <c>user</c>.</param>
    /// <exception cref="ArgumentException">The role is not <c>agent</c> or <c>user</c>.</exception>
    public ValueTask PostTranscriptAsync(string role, string text, bool final, CancellationToken cancellationToken)
    {
        if (role is not ("agent" or "user")) throw new ArgumentException($"Role must be 'agent' or 'user', not '{role}'.", nameof(role));
        ArgumentNullException.ThrowIfNull(text);
        return PostAsync(BrowserEvents.Transcript(role, text, final), cancellationToken);
    }

    /// <summary>Sends an <c>error</c> event (the call goes on unless the caller also ends it).</summary>
    /// <exception cref="ArgumentException">The code or message is empty.</exception>
    public ValueTask PostErrorAsync(string code, string message, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        return PostAsync(BrowserEvents.Error(code, message), cancellationToken);
    }

    /// <summary>Sends any other event; it must be a JSON object with a string <c>type</c>.</summary>
    /// <exception cref="ArgumentException">The event has no string <c>type</c>.</exception>
    public ValueTask PostEventAsync(JsonObject message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message["type"] is not JsonValue type || !type.TryGetValue<string>(out var name) || string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("An event needs a string \"type\".", nameof(message));
        return PostAsync(System.Text.Encoding.UTF8.GetBytes(message.ToJsonString()), cancellationToken);
    }

    /// <summary>
    /// Forwards what the browser shows from a call's event stream, in order: finished utterances become
    /// <c>transcript</c> events, and <see cref="CallEnded"/> — the call's last event — sends <c>call_ended</c> with its
    /// reason and closes the socket. Other events are ignored (the channel derives talking from the audio itself).
    /// </summary>
    public ValueTask ForwardAsync(CallEvent callEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callEvent);
        switch (callEvent)
        {
            case Utterance { Text.Length: > 0 } utterance:
                return PostTranscriptAsync(utterance.Role == UtteranceRole.Agent ? "agent" : "user", utterance.Text, final: true, cancellationToken);
            case CallEnded ended:
                _input.Writer.TryComplete();
                BeginClose(ended.Reason, browserGone: false);
                return ValueTask.CompletedTask;
            default:
                return ValueTask.CompletedTask;
        }
    }

    public ValueTask SendAudioAsync(AudioFrame frame, CancellationToken cancellationToken)
    {
        var silent = IsSilent(frame.Samples, _options.SilenceThreshold);
        lock (_gate)
        {
            if (!silent)
            {
                _spokeThisTick = true;
                _quietTicks = 0;
                if (!_talking && !_closing)
                {
                    _talking = true;
                    _outgoing.Writer.TryWrite(new OutgoingMessage(default, BrowserEvents.AgentStartTalking, 0));
                }
            }
            if (_closing || !_outgoing.Writer.TryWrite(new OutgoingMessage(frame, null, _epoch)))
            {
                frame.Dispose();
                if (!_closing && !_reportedDrop)
                {
                    _reportedDrop = true;
                    BrowserChannelLog.AudioDropped(_logger, CallId);
                }
            }
        }
        return ValueTask.CompletedTask;
    }

    public void ClearAudio()
    {
        lock (_gate)
        {
            // Audio already queued carries the old epoch and is skipped; the page drops what it has scheduled.
            _epoch++;
            if (_closing) return;
            _outgoing.Writer.TryWrite(new OutgoingMessage(default, BrowserEvents.Clear, 0));
            StopTalkingLocked();
        }
    }

    public ValueTask SendDigitsAsync(string digits, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(digits);
        foreach (var digit in digits)
        {
            if (!IsKeypadDigit(digit)) throw new ArgumentException($"'{digit}' is not a keypad digit (0-9, *, #, A-D).", nameof(digits));
        }
        return PostAsync(BrowserEvents.Digits(digits), cancellationToken);
    }

    /// <summary>Ends the caller's input. The socket closes once the call's end is forwarded or the channel disposed.</summary>
    public ValueTask HangUpAsync(string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        RecordEnd(reason);
        _input.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    public ValueTask<TransferOutcome> TransferAsync(string target, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new TransferOutcome(false, "A browser call cannot be transferred."));

    /// <summary>
    /// Ends the call on the browser's side if it is still up (<c>call_ended</c> with the recorded reason, else
    /// <c>ended</c>), waits up to
    /// <see cref="BrowserMediaChannelOptions.CloseTimeout"/> for the queued messages and the close handshake, then
    /// aborts what is left. A channel never started leaves the socket untouched.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            await _completion.Task.ConfigureAwait(false);
            return;
        }
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _input.Writer.TryComplete();
            _outgoing.Writer.TryComplete();
            Drain();
            _stop.Dispose();
            _completion.TrySetResult();
            return;
        }

        string reason;
        lock (_gate) reason = _endReason ?? "ended";
        BeginClose(reason, browserGone: false);
        _input.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_sendLoop, _receiveLoop).WaitAsync(_options.CloseTimeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            BrowserChannelLog.CloseTimedOut(_logger, CallId);
            _socket.Abort();
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_sendLoop, _receiveLoop, _clockLoop).ConfigureAwait(false);
        // Closed both ways: releasing the connection now spares the browser waiting for it to drop.
        _socket.Dispose();
        Drain();
        _stop.Dispose();
        _completion.TrySetResult();
    }

    /// <summary>
    /// Stops accepting messages for the browser; the send loop then sends <c>call_ended</c> last (unless the browser is
    /// gone) and closes the socket. Only the first ending counts.
    /// </summary>
    private void BeginClose(string reason, bool browserGone)
    {
        lock (_gate)
        {
            if (_closing) return;
            _closing = true;
            if (browserGone)
            {
                _endReason ??= reason;
            }
            else
            {
                _endReason = reason;
                StopTalkingLocked();
                _finalMessage = BrowserEvents.CallEnded(reason);
            }
            _outgoing.Writer.TryComplete();
        }
    }

    /// <summary>The first reason the call ends for is the one reported, unless the call's own end event says otherwise.</summary>
    private void RecordEnd(string reason)
    {
        lock (_gate) _endReason ??= reason;
    }

    private void StopTalkingLocked()
    {
        _quietTicks = 0;
        if (!_talking) return;
        _talking = false;
        _outgoing.Writer.TryWrite(new OutgoingMessage(default, BrowserEvents.AgentStopTalking, 0));
    }

    private async ValueTask PostAsync(byte[] message, CancellationToken cancellationToken)
    {
        try
        {
            await _outgoing.Writer.WriteAsync(new OutgoingMessage(default, message, 0), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // The call is over; there is nobody left to tell.
        }
    }

    private void Drain()
    {
        while (_outgoing.Reader.TryRead(out var message)) message.Frame.Dispose();
        while (_input.Reader.TryRead(out var input)) input.Frame.Dispose();
    }

    private static bool IsSilent(ReadOnlySpan<short> samples, int threshold)
    {
        foreach (var sample in samples)
        {
            if (sample > threshold || sample < -threshold) return false;
        }
        return true;
    }

    private static bool IsKeypadDigit(char c) => c is (>= '0' and <= '9') or '*' or '#' or (>= 'A' and <= 'D');
}
