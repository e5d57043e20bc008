using Switchboard.Audio.Frames;
using Switchboard.Realtime.Playout;
using Switchboard.Realtime.ResponseEngines;

namespace Switchboard.Realtime.Sessions;

// Playout, one frame per inbound frame, on the media loop. Synchronous unless the transport or an action has to wait,
// so the per-frame path allocates nothing (MediaPathAllocationTests). Sentences are queued whole and cut into frames
// here, one per tick, from the one being played.
public sealed partial class CallSession
{
    private SentenceAudio _sentence;
    private int _sentenceOffset;
    private int _sentenceResponseId;

    /// <summary>Samples per frame of agent audio at the channel's rate.</summary>
    private int PlayoutFrameLength => (int)(_channel.SampleRate * _channel.FrameDuration.TotalSeconds);

    /// <summary>Frames left of the sentence being played (0 when none). Read on the media loop's thread; tests.</summary>
    internal int SentenceFramesLeft => Math.Max(0, (_sentence.Length - _sentenceOffset + PlayoutFrameLength - 1) / PlayoutFrameLength);

    private ValueTask PlayOneFrameAsync(CancellationToken cancellationToken)
    {
        if (_paused) return default;
        if (_sentenceOffset < _sentence.Length)
        {
            if (_sentenceResponseId > _discardUpTo) return SendNextFrameAsync(cancellationToken);
            DropSentence();
        }
        while (_playout.Reader.TryRead(out var item))
        {
            if (item.ResponseId <= _discardUpTo)
            {
                item.Audio.Dispose();
                continue;
            }
            switch (item.Kind)
            {
                case PlayoutItemKind.Start:
                    _tracker.Reset();
                    _playingResponseId = item.ResponseId;
                    break;
                case PlayoutItemKind.Chunk:
                    _tracker.Queued(item.Text!, item.Samples);
                    _responseHadText = true;
                    _sentence = item.Audio;
                    _sentenceOffset = 0;
                    _sentenceResponseId = item.ResponseId;
                    return SendNextFrameAsync(cancellationToken);
                case PlayoutItemKind.Action:
                    return PerformThenPlayAsync(item.Action!, cancellationToken);
                case PlayoutItemKind.End:
                    if (_probes.TryGetValue(item.ResponseId, out var probe)) ReportLatency(probe);
                    FinishResponse(item.Text ?? "", interrupted: false);
                    break;
            }
        }
        return default;
    }

    /// <summary>Drops the rest of the sentence being played (barge-in, the end of the call) and returns its buffer.</summary>
    private void DropSentence()
    {
        var sentence = _sentence;
        _sentence = default;
        _sentenceOffset = 0;
        sentence.Dispose();
    }

    /// <summary>An action between frames, then playout goes on in the same pass (as if the loop above had continued).</summary>
    private async ValueTask PerformThenPlayAsync(CallAction action, CancellationToken cancellationToken)
    {
        await PerformAsync(action, cancellationToken).ConfigureAwait(false);
        if (_endReason is not null) return;
        await PlayOneFrameAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cuts the next frame of the sentence being played (the last one padded with silence) and sends it.</summary>
    private ValueTask SendNextFrameAsync(CancellationToken cancellationToken)
    {
        var frameLength = PlayoutFrameLength;
        var frame = AudioFrame.Rent(_channel.SampleRate, frameLength, 0, _time.GetUtcNow());
        _sentence.FillFrame(_sentenceOffset, frame.Samples);
        _sentenceOffset += frameLength;
        var responseId = _sentenceResponseId;
        if (_sentenceOffset >= _sentence.Length) DropSentence();
        return SendFrameAsync(frame, responseId, cancellationToken);
    }

    private ValueTask SendFrameAsync(AudioFrame frame, int responseId, CancellationToken cancellationToken)
    {
        if (!_agentSpeaking)
        {
            _agentSpeaking = true;
            _agentSpeechStart = _mediaTime;
            _bargeIn.AgentStartedSpeaking();
        }
        var length = frame.Length;
        if (_recorder is not null) KeepForRecording(frame.Samples, ref _recordAgent, out _recordAgentLength);
        var send = _channel.SendAudioAsync(frame, cancellationToken);
        if (!send.IsCompletedSuccessfully) return AfterSendAsync(send, responseId, length);
        send.GetAwaiter().GetResult();
        AfterSend(responseId, length);
        return default;
    }

    private async ValueTask AfterSendAsync(ValueTask send, int responseId, int length)
    {
        await send.ConfigureAwait(false);
        AfterSend(responseId, length);
    }

    private void AfterSend(int responseId, int length)
    {
        _tracker.Played(length);
        _lastActivity = _mediaTime;
        if (_probes.TryGetValue(responseId, out var probe) && probe.FirstFrameSent is null)
        {
            probe.FirstFrameSent = _time.GetUtcNow();
            ReportLatency(probe);
        }
    }
}
