using Switchboard.Audio.Resampling;
using Switchboard.Audio.Vad;
using Switchboard.Realtime.Playout;
using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Sessions.Events;
using Switchboard.Realtime.Transports;
using Switchboard.Realtime.TurnTaking;

namespace Switchboard.Realtime.Sessions;

// The media loop: one pass per inbound frame. Everything here is owned by this loop alone.
public sealed partial class CallSession
{
    private readonly BargeInStateMachine _bargeIn;
    private readonly TurnDetector _turns;
    private readonly PlayoutTracker _tracker = new();
    private readonly short[] _preRoll;
    private readonly TimeSpan _maxDuration;
    private Resampler? _toRecognizer;
    private short[] _recognizerBuffer = [];
    private int _preRollFill;
    private TimeSpan _mediaTime;
    private TimeSpan _lastActivity;
    private TimeSpan _idleSince;
    private bool _paused;
    private int _nextResponseId;
    private int _activeResponseId; // issued and not yet finished playing; 0 when none
    private int _playingResponseId;
    private int _discardUpTo;
    private bool _agentSpeaking;
    private TimeSpan _agentSpeechStart;
    private bool _responseHadText;
    private int _reminders;
    private int _turnCount;
    private UserTurn? _pendingTurn;
    private TurnProbe? _pendingProbe;
    private string? _pendingHandOver;

    private async Task RunMediaLoopAsync(CancellationToken cancellationToken)
    {
        var frameDuration = _channel.FrameDuration;
        using var waiter = new MediaInputWaiter(_channel.Input, cancellationToken);
        while (await waiter.WaitAsync().ConfigureAwait(false))
        {
            while (_channel.Input.TryRead(out var input))
            {
                switch (input.Kind)
                {
                    case MediaInputKind.Audio:
                        _mediaTime += frameDuration;
                        await OnCallerAudioAsync(input, cancellationToken).ConfigureAwait(false);
                        break;
                    case MediaInputKind.Digit:
                        OnDigit(input.Digit);
                        break;
                    case MediaInputKind.HangUp:
                        _endReason = "user_hangup";
                        return;
                }
                if (_endReason is not null) return;
            }
        }
        _endReason ??= "user_hangup";
    }

    // The per-frame path is synchronous unless something really has to wait (a VAD event, a recognizer or transport that
    // is not ready): an async method allocates its state machine on every call in a Debug build, and the fast path must
    // not allocate at all (MediaPathAllocationTests).
    private ValueTask OnCallerAudioAsync(MediaInput input, CancellationToken cancellationToken)
    {
        ValueTask<System.IO.Pipelines.FlushResult> flush = default;
        int events;
        using (var frame = input.Frame)
        {
            if (_recorder is not null) KeepForRecording(frame.Samples, ref _recordCaller, out _recordCallerLength);
            var samples = ToRecognizerRate(frame);
            events = _vad.Process(samples);
            if (_recognition is not null)
            {
                flush = FeedRecognizerAsync(samples, cancellationToken);
            }
            else
            {
                KeepPreRoll(samples);
            }
        }
        if (events > 0 || !flush.IsCompletedSuccessfully) return OnSpeechEventsAsync(flush, cancellationToken);
        flush.GetAwaiter().GetResult();
        return AfterSpeechEventsAsync(cancellationToken);
    }

    private async ValueTask OnSpeechEventsAsync(ValueTask<System.IO.Pipelines.FlushResult> flush, CancellationToken cancellationToken)
    {
        await flush.ConfigureAwait(false);
        while (_vad.TryReadEvent(out var activity))
        {
            if (activity.Kind == VoiceActivityEventKind.SpeechStarted)
            {
                await BeginUtteranceAsync(cancellationToken).ConfigureAwait(false);
                _turns.SpeechStarted(_utterance);
                Apply(_bargeIn.UserSpeechStarted(_mediaTime));
            }
            else
            {
                await EndUtteranceAsync().ConfigureAwait(false);
                var end = activity.End ?? _mediaTime;
                _turns.SpeechEnded(_mediaTime, end);
                Apply(_bargeIn.UserSpeechEnded(_mediaTime));
            }
            _lastActivity = _mediaTime;
        }
        await AfterSpeechEventsAsync(cancellationToken).ConfigureAwait(false);
    }

    private ValueTask AfterSpeechEventsAsync(CancellationToken cancellationToken)
    {
        if (_turns.IsUserSpeaking) _lastActivity = _mediaTime;

        DrainSpeechSignals();
        Apply(_bargeIn.Tick(_mediaTime));
        if (_endReason is null) CheckTurn();
        if (_endReason is null) TakeControlRequests();
        if (_endReason is null) CheckTimers();
        if (_endReason is null)
        {
            var play = PlayOneFrameAsync(cancellationToken);
            if (!play.IsCompletedSuccessfully) return FinishFrameAsync(play);
            play.GetAwaiter().GetResult();
        }
        WriteRecording();
        return default;
    }

    private async ValueTask FinishFrameAsync(ValueTask play)
    {
        await play.ConfigureAwait(false);
        WriteRecording();
    }

    private void WriteRecording()
    {
        if (_recorder is null) return;
        _recorder.Write(_recordCaller.AsSpan(0, _recordCallerLength), _recordAgent.AsSpan(0, _recordAgentLength));
        _recordAgentLength = 0;
    }

    private ReadOnlySpan<short> ToRecognizerRate(Audio.Frames.AudioFrame frame)
    {
        if (frame.SampleRate == RecognizerRate) return frame.Samples;
        if (_toRecognizer is null || _toRecognizer.InputRate != frame.SampleRate) _toRecognizer = new Resampler(frame.SampleRate, RecognizerRate);
        var needed = _toRecognizer.MaxOutputLength(frame.Length);
        if (_recognizerBuffer.Length < needed) _recognizerBuffer = new short[needed];
        var written = _toRecognizer.Process(frame.Samples, _recognizerBuffer);
        return _recognizerBuffer.AsSpan(0, written);
    }

    private void KeepPreRoll(ReadOnlySpan<short> samples)
    {
        if (_preRoll.Length == 0) return;
        if (samples.Length >= _preRoll.Length)
        {
            samples[^_preRoll.Length..].CopyTo(_preRoll);
            _preRollFill = _preRoll.Length;
            return;
        }
        var overflow = _preRollFill + samples.Length - _preRoll.Length;
        if (overflow > 0)
        {
            _preRoll.AsSpan(overflow, _preRollFill - overflow).CopyTo(_preRoll);
            _preRollFill -= overflow;
        }
        samples.CopyTo(_preRoll.AsSpan(_preRollFill));
        _preRollFill += samples.Length;
    }

    private void OnDigit(char digit)
    {
        Emit(new DigitEvent(_call.CallId, _time.GetUtcNow(), _mediaTime, digit.ToString(), Received: true));
        _turns.Digit(digit, _mediaTime);
        _lastActivity = _mediaTime;
        Apply(_bargeIn.Dtmf(digit));
    }

    private void DrainSpeechSignals()
    {
        while (_speech.Reader.TryRead(out var signal))
        {
            switch (signal.Kind)
            {
                case SpeechSignalKind.Partial:
                    _turns.Partial(signal.Utterance, signal.Text);
                    if (_agentSpeaking) Apply(_bargeIn.Transcript(signal.Text, isFinal: false));
                    break;
                case SpeechSignalKind.Final:
                    _turns.Final(signal.Utterance, signal.Text, signal.HeardUntil);
                    if (_agentSpeaking) Apply(_bargeIn.Transcript(signal.Text, isFinal: true));
                    break;
                case SpeechSignalKind.Completed:
                    _turns.UtteranceCompleted(signal.Utterance);
                    break;
            }
        }
    }

    private void Apply(BargeInAction action)
    {
        switch (action)
        {
            case BargeInAction.PausePlayout:
                _paused = true;
                break;
            case BargeInAction.ResumePlayout:
                _paused = false;
                break;
            case BargeInAction.Interrupt:
                Interrupt();
                break;
        }
    }

    /// <summary>The caller took the turn: drop the rest of the agent's audio, stop its response, keep what was heard.</summary>
    private void Interrupt()
    {
        _paused = false;
        if (_activeResponseId == 0) return;
        _discardUpTo = Math.Max(_discardUpTo, _activeResponseId);
        CancelResponse(_activeResponseId);
        DrainPlayout();
        // A transport that buffers ahead knows how much of what it was handed the caller never heard; read it before the clear.
        if (_channel is IPlayoutFeedback feedback && feedback.FramesSent - feedback.FramesPlayed is > 0 and var unheard)
            _tracker.Unplayed(unheard * _channel.SampleRate / 1000 * (long)_channel.FrameDuration.TotalMilliseconds);
        _channel.ClearAudio();
        var heard = _tracker.HeardText();
        FinishResponse(heard, interrupted: true);
    }

    private void CheckTurn()
    {
        var abandoned = _turns.AbandonedUtterances;
        var turn = _turns.Tick(_mediaTime);
        if (_turns.AbandonedUtterances != abandoned) Log.UtteranceAbandoned(_logger, _call.CallId, _options.Turns.SilentRecognizerTimeout.TotalMilliseconds);
        if (turn is null) return;
        if (_agentSpeaking)
        {
            if (turn.Digits.Length == 0)
            {
                // Words over an agent that was not interrupted (backchannels, or an agent that cannot be interrupted).
                Emit(new Utterance(_call.CallId, _time.GetUtcNow(), _mediaTime, UtteranceRole.User, Describe(turn), _turns.LastSpeechEnd, _mediaTime, false));
                return;
            }

            // Keys are deliberate, never a backchannel. Keys pressed just before the agent began to speak (an IVR caller
            // who knows the menu) interrupted nothing when they arrived, so they take the turn now; without DTMF barge-in
            // they wait below for the response to end, like keys pressed while it is prepared.
            if (_call.Agent.DtmfInterrupts) Interrupt();
        }
        var now = _time.GetUtcNow();
        var endOfSpeech = now - (_mediaTime - _turns.LastSpeechEnd);
        Emit(new Utterance(_call.CallId, now, _mediaTime, UtteranceRole.User, Describe(turn), _turns.LastSpeechEnd, _mediaTime, false));
        _reminders = 0;
        _turnCount++;
        var probe = new TurnProbe(_turnCount, turn.Text.Length > 0 ? endOfSpeech : now, now);
        if (_activeResponseId != 0)
        {
            // The agent is still preparing its last answer: answer this once that one has played.
            _pendingTurn = _pendingTurn is null ? turn : new UserTurn($"{_pendingTurn.Text} {turn.Text}".Trim(), _pendingTurn.Digits + turn.Digits);
            _pendingProbe = probe;
            return;
        }
        IssueRespond(turn, probe);
    }

    private static string Describe(UserTurn turn) =>
        turn.Digits.Length == 0 ? turn.Text : turn.Text.Length == 0 ? $"[keypad: {turn.Digits}]" : $"{turn.Text} [keypad: {turn.Digits}]";

    private void CheckTimers()
    {
        if (_mediaTime >= _maxDuration)
        {
            _endReason = "max_duration";
            return;
        }
        var idle = _activeResponseId == 0 && !_turns.HasPendingInput;
        if (!idle) return;
        if (_call.Agent.EndCallAfterSilenceMs is { } silenceMs && _mediaTime - _lastActivity >= TimeSpan.FromMilliseconds(silenceMs))
        {
            _endReason = "silence_timeout";
            return;
        }
        var since = _idleSince > _lastActivity ? _idleSince : _lastActivity;
        if (_call.Agent.ReminderAfterMs is { } reminderMs && _reminders < _call.Agent.MaxReminders
            && _mediaTime - since >= TimeSpan.FromMilliseconds(reminderMs))
        {
            _reminders++;
            IssueCommand(new EngineCommand(EngineCommandKind.NoInput, NextResponse(), Count: _reminders));
        }
    }

    private void IssueStart() => IssueCommand(new EngineCommand(EngineCommandKind.Start, NextResponse()));

    private void IssueRespond(UserTurn turn, TurnProbe probe) =>
        IssueCommand(new EngineCommand(EngineCommandKind.Respond, NextResponse(), turn, Probe: probe));

    private int NextResponse()
    {
        _activeResponseId = ++_nextResponseId;
        _responseHadText = false;
        return _activeResponseId;
    }

    private void IssueCommand(EngineCommand command)
    {
        if (!_commands.Writer.TryWrite(command)) Log.CommandDropped(_logger, _call.CallId, command.Kind.ToString());
    }

    private void ReportLatency(TurnProbe? probe)
    {
        if (probe is null || probe.Reported) return;
        probe.Reported = true;
        TimeSpan? Since(DateTimeOffset? mark) => mark is { } m ? m - probe.EndOfSpeech : null;
        Emit(new TurnLatency(_call.CallId, _time.GetUtcNow(), _mediaTime, probe.Turn, probe.TurnDetected - probe.EndOfSpeech,
            Since(probe.FirstText), Since(probe.FirstAudio), Since(probe.FirstFrameSent)));
    }

    /// <summary>The active response has ended (played out or interrupted): tell the engine what was heard, then move on.</summary>
    private void FinishResponse(string heard, bool interrupted)
    {
        var responseId = _activeResponseId;
        _probes.TryRemove(responseId, out _);
        if (_agentSpeaking || heard.Length > 0)
        {
            Emit(new Utterance(_call.CallId, _time.GetUtcNow(), _mediaTime, UtteranceRole.Agent, heard, _agentSpeechStart, _mediaTime, interrupted));
        }
        if (_responseHadText || heard.Length > 0) IssueCommand(new EngineCommand(EngineCommandKind.Heard, responseId, Text: heard, Interrupted: interrupted));
        _agentSpeaking = false;
        _bargeIn.AgentFinishedSpeaking();
        // The engine is idle now (its response has ended), so its keypad expectation is stable to read.
        var digits = (_engine as IExpectsDigits)?.ExpectedDigits;
        _turns.ExpectDigits(digits?.MaxDigits, digits?.FinishOnKey);
        _activeResponseId = 0;
        _playingResponseId = 0;
        _idleSince = _mediaTime;
        if (_pendingHandOver is { } target)
        {
            _pendingHandOver = null;
            IssueCommand(new EngineCommand(EngineCommandKind.HandOver, NextResponse(), Text: target));
            return;
        }
        if (_pendingTransferFailure is { } failure)
        {
            _pendingTransferFailure = null;
            IssueCommand(new EngineCommand(EngineCommandKind.TransferFailed, NextResponse(), Failure: failure));
            return;
        }
        if (_pendingTurn is { } turn)
        {
            _pendingTurn = null;
            IssueRespond(turn, _pendingProbe!);
        }
    }

    /// <summary>The call ends with the agent mid-response (a goodbye before hanging up, or the caller left): keep what was heard.</summary>
    private void CloseActiveResponse()
    {
        if (_activeResponseId == 0 || (!_agentSpeaking && _tracker.PlayedSamples == 0)) return;
        var interrupted = !_tracker.IsDrained;
        Emit(new Utterance(_call.CallId, _time.GetUtcNow(), _mediaTime, UtteranceRole.Agent, _tracker.HeardText(), _agentSpeechStart, _mediaTime, interrupted));
        _activeResponseId = 0;
        _agentSpeaking = false;
    }

    private void DrainPlayout()
    {
        DropSentence();
        while (_playout.Reader.TryRead(out var item)) item.Audio.Dispose();
    }
}
