using System.Threading.Channels;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Audio.Vad;
using Switchboard.Realtime.Playout;
using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Sessions.Events;
using Switchboard.Realtime.Transports;
using Switchboard.Realtime.TurnTaking;

#pragma warning disable MEAI001 // the speech contracts are experimental in Microsoft.Extensions.AI 10.x

namespace Switchboard.Realtime.Sessions;

/// <summary>
/// Runs one call: the media loop (VAD, recognizer feed, turn taking, barge-in, paced playout), the engine loop (the
/// response engine, sentence chunking, TTS) and the event loop (observers). Each loop is owned and awaited by
/// <see cref="RunAsync"/>; they talk through bounded channels only.
/// </summary>
/// <remarks>
/// The inbound audio is the call's clock (see <see cref="IMediaChannel"/>): every timer here runs on media time, so a
/// call behaves the same live, in the simulator and in tests. Wall-clock time from <see cref="CallContext.Time"/> is used
/// only to timestamp events and measure latency. <see cref="RunAsync"/> may be called once.
/// </remarks>
public sealed partial class CallSession : IAsyncDisposable
{
    private readonly CallContext _call;
    private readonly IMediaChannel _channel;
    private readonly ISpeechToTextClient _stt;
    private readonly ITextToSpeechClient _tts;
    private readonly IVoiceActivityDetector _vad;
    private readonly IReadOnlyList<ICallObserver> _observers;
    private readonly CallSessionOptions _options;
    private readonly ILogger _logger;
    private readonly Func<CallContext, string?, IResponseEngine>? _handOver;
    private readonly TimeProvider _time;

    private readonly Channel<PlayoutItem> _playout;

    private readonly Channel<EngineCommand> _commands = Channel.CreateBounded<EngineCommand>(
        new BoundedChannelOptions(64) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Channel<SpeechSignal> _speech = Channel.CreateBounded<SpeechSignal>(
        new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Channel<CallEvent> _events = Channel.CreateBounded<CallEvent>(
        new BoundedChannelOptions(8192) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly CancellationTokenSource _callCts = new();
    private IResponseEngine _engine;
    private int _started;
    private string? _endReason;

    /// <summary>Creates the session; nothing runs until <see cref="RunAsync"/>. The session owns and disposes
    /// <paramref name="engine"/> and <paramref name="vad"/>; the channel and the speech clients stay the caller's.</summary>
    /// <param name="vad">A detector at 16 kHz, configured with the agent's endpointing silence (see <see cref="VadOptionsFor"/>).</param>
    /// <param name="handOver">Builds the engine an IVR hands the call to (<see cref="CallActionKind.HandOver"/>); null: hand-over ends the call.</param>
    public CallSession(CallContext call, IMediaChannel channel, IResponseEngine engine, ISpeechToTextClient stt, ITextToSpeechClient tts,
        IVoiceActivityDetector vad, IEnumerable<ICallObserver> observers, CallSessionOptions? options = null, ILogger? logger = null,
        Func<CallContext, string?, IResponseEngine>? handOver = null)
    {
        _call = call ?? throw new ArgumentNullException(nameof(call));
        _channel = channel ?? throw new ArgumentNullException(nameof(channel));
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _stt = stt ?? throw new ArgumentNullException(nameof(stt));
        _tts = tts ?? throw new ArgumentNullException(nameof(tts));
        _vad = vad ?? throw new ArgumentNullException(nameof(vad));
        if (vad.SampleRate != RecognizerRate) throw new ArgumentException($"The VAD must run at {RecognizerRate} Hz.", nameof(vad));
        _observers = [.. observers ?? throw new ArgumentNullException(nameof(observers))];
        _options = options ?? new CallSessionOptions();
        _logger = logger ?? NullLogger.Instance;
        _handOver = handOver;
        _time = call.Time;
        _playout = Channel.CreateBounded<PlayoutItem>(new BoundedChannelOptions(_options.PlayoutQueueItems)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _bargeIn = new BargeInStateMachine(BargeInFor(call.Agent));
        _turns = new TurnDetector(_options.Turns);
        _preRoll = new short[(int)(RecognizerRate * _options.SpeechPreRoll.TotalSeconds)];
        _maxDuration = call.Agent.MaxCallDurationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : _options.DefaultMaxCallDuration;
    }

    /// <summary>The recognizer and VAD always run at 16 kHz.</summary>
    public const int RecognizerRate = 16_000;

    /// <summary>Why the call ended (<see cref="CallEnded.Reason"/>), once it has.</summary>
    public string? EndReason => _endReason;

    /// <summary>VAD settings for an agent: its <c>responsiveness</c> sets the silence that ends the caller's speech.</summary>
    public static VadOptions VadOptionsFor(AgentDefinition agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return new VadOptions { MinSilenceDuration = TurnDetectorOptions.EndpointingSilence(agent.Responsiveness) };
    }

    /// <summary>Runs the call to its end and returns the reason it ended.</summary>
    /// <exception cref="InvalidOperationException">The session already ran.</exception>
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) throw new InvalidOperationException("A call session runs once.");
        using var link = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _callCts.Token);
        var token = link.Token;
        Emit(new CallStarted(_call.CallId, _time.GetUtcNow(), TimeSpan.Zero, _call.OrganizationId, _call.Agent.Id, _call.Agent.Version,
            _call.Direction, _call.From, _call.To));

        StartRecording();
        var eventLoop = RunEventLoopAsync();
        var engineLoop = RunEngineLoopAsync(token);
        IssueStart();
        try
        {
            await RunMediaLoopAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _endReason ??= "cancelled";
        }
        catch (OperationCanceledException) when (Volatile.Read(ref _requestedEnd) is { } requested)
        {
            _endReason ??= requested;
        }
        catch (Exception e)
        {
            Log.MediaLoopFailed(_logger, e, _call.CallId);
            _endReason ??= "error";
        }
        finally
        {
            _endTimer?.Dispose();
            _endReason ??= "error";
            CloseActiveResponse();
            await HangUpIfNeededAsync().ConfigureAwait(false);
            await _callCts.CancelAsync().ConfigureAwait(false);
            _commands.Writer.TryComplete();
            await engineLoop.ConfigureAwait(false);
            await StopRecognitionAsync().ConfigureAwait(false);
            DrainPlayout();
            StopRecording();
            Emit(new CallEnded(_call.CallId, _time.GetUtcNow(), _mediaTime, _endReason, _recordingPath));
            _events.Writer.TryComplete();
            await eventLoop.ConfigureAwait(false);
        }
        return _endReason;
    }

    /// <summary>Every ending the caller did not cause (silence, limits, transfer, errors) also ends the call on the transport.</summary>
    private async Task HangUpIfNeededAsync()
    {
        if (_endReason is "user_hangup" or "agent_hangup") return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _channel.HangUpAsync(_endReason!, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Log.MediaLoopFailed(_logger, e, _call.CallId);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _endTimer?.Dispose();
        await _callCts.CancelAsync().ConfigureAwait(false);
        await _engine.DisposeAsync().ConfigureAwait(false);
        _vad.Dispose();
        _callCts.Dispose();
    }

    private static BargeInOptions BargeInFor(AgentDefinition agent)
    {
        var options = BargeInOptions.FromSensitivity(agent.InterruptionSensitivity);
        return new BargeInOptions
        {
            Threshold = options.Threshold,
            Backchannels = agent.Backchannels ?? BargeInOptions.DefaultBackchannels,
            InterruptPhrases = agent.InterruptPhrases ?? options.InterruptPhrases,
            DtmfInterrupts = agent.DtmfInterrupts,
        };
    }

    private void Emit(CallEvent callEvent)
    {
        if (!_events.Writer.TryWrite(callEvent)) Log.EventDropped(_logger, _call.CallId, callEvent.GetType().Name);
    }

    private async Task RunEventLoopAsync()
    {
        await foreach (var callEvent in _events.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            foreach (var observer in _observers)
            {
                try
                {
                    await observer.OnEventAsync(callEvent, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    Log.ObserverFailed(_logger, e, _call.CallId, observer.GetType().Name);
                }
            }
        }
    }
}
