using Switchboard.Realtime.Playout;
using Switchboard.Realtime.ResponseEngines;

namespace Switchboard.Realtime.Sessions;

// Playout, one frame per inbound frame, on the media loop. Synchronous unless the transport or an action has to wait,
// so the per-frame path allocates nothing (MediaPathAllocationTests).
public sealed partial class CallSession
{
    private ValueTask PlayOneFrameAsync(CancellationToken cancellationToken)
    {
        if (_paused) return default;
        while (_playout.Reader.TryRead(out var item))
        {
            if (item.ResponseId <= _discardUpTo)
            {
                item.Frame.Dispose();
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
                    break;
                case PlayoutItemKind.Frame:
                    return SendFrameAsync(item, cancellationToken);
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

    /// <summary>An action between frames, then playout goes on in the same pass (as if the loop above had continued).</summary>
    private async ValueTask PerformThenPlayAsync(CallAction action, CancellationToken cancellationToken)
    {
        await PerformAsync(action, cancellationToken).ConfigureAwait(false);
        if (_endReason is not null) return;
        await PlayOneFrameAsync(cancellationToken).ConfigureAwait(false);
    }

    private ValueTask SendFrameAsync(PlayoutItem item, CancellationToken cancellationToken)
    {
        if (!_agentSpeaking)
        {
            _agentSpeaking = true;
            _agentSpeechStart = _mediaTime;
            _bargeIn.AgentStartedSpeaking();
        }
        var length = item.Frame.Length;
        if (_recorder is not null) KeepForRecording(item.Frame.Samples, ref _recordAgent, out _recordAgentLength);
        var send = _channel.SendAudioAsync(item.Frame, cancellationToken);
        if (!send.IsCompletedSuccessfully) return AfterSendAsync(send, item.ResponseId, length);
        send.GetAwaiter().GetResult();
        AfterSend(item.ResponseId, length);
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
