using Switchboard.Audio.Frames;
using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Sessions.Events;
using Switchboard.Realtime.Transports;

namespace Switchboard.Realtime.Sessions;

// Transfers, run on the media loop when playout reaches them (the caller has heard the agent's last words). A cold one
// is the transport's (REFER, redirect); a warm one is ours: call the target, brief whoever answers, then join the caller.
// A transfer that does not happen hands the call back to the engine, which tells the caller.
public sealed partial class CallSession
{
    /// <summary>Spoken for engines that cannot carry on by themselves after a failed transfer.</summary>
    internal const string TransferFailedLine = "I'm sorry, I couldn't connect you right now.";

    private TransferFailure? _pendingTransferFailure;

    private async ValueTask TransferAsync(CallAction action, CancellationToken cancellationToken)
    {
        var target = action.Argument ?? "";
        var mode = action.TransferMode;
        Emit(new TransferStarting(_call.CallId, _time.GetUtcNow(), _mediaTime, target, mode));
        TransferOutcome outcome;
        if (target.Length == 0) outcome = new TransferOutcome(false, "no transfer target");
        else if (mode == TransferModes.Warm) outcome = await WarmTransferAsync(target, action.Summary, cancellationToken).ConfigureAwait(false);
        else outcome = await _channel.TransferAsync(target, cancellationToken).ConfigureAwait(false);

        Emit(new TransferAttempted(_call.CallId, _time.GetUtcNow(), _mediaTime, target, outcome.Accepted, outcome.Detail, mode, outcome.OutcomeCode));
        Log.Transfer(_logger, _call.CallId, target, outcome.Accepted ? "accepted" : "refused");
        if (outcome.Accepted)
        {
            _endReason = "transferred";
            return;
        }
        // Taken when the current response has finished playing (FinishResponse), like a hand-over.
        _pendingTransferFailure = new TransferFailure(target, mode, outcome.OutcomeCode, outcome.Detail);
    }

    private async ValueTask<TransferOutcome> WarmTransferAsync(string target, string? summary, CancellationToken cancellationToken)
    {
        if (_channel is not IConsultingMediaChannel consulting)
            return new TransferOutcome(false, "This call's transport cannot make warm transfers.", TransferOutcomeCodes.Failed);

        using var briefing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The briefing is synthesized while the target rings, so the person who answers is not kept waiting for it.
        var speech = SynthesizeAtRateAsync(summary ?? DefaultSummary(), consulting.SampleRate, briefing.Token);
        ConsultResult consult;
        try
        {
            consult = await consulting.ConsultAsync(target, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await briefing.CancelAsync().ConfigureAwait(false);
            (await ObserveAsync(speech).ConfigureAwait(false)).Dispose();
            throw;
        }

        if (consult.Leg is not { } leg)
        {
            await briefing.CancelAsync().ConfigureAwait(false);
            (await ObserveAsync(speech).ConfigureAwait(false)).Dispose();
            return consult.Failure ?? new TransferOutcome(false, "The target could not be called.");
        }

        await using (leg.ConfigureAwait(false))
        {
            using var audio = await ObserveAsync(speech).ConfigureAwait(false);
            await BriefAsync(leg, audio, cancellationToken).ConfigureAwait(false);
            // Also when a side hung up during the briefing: the bridge refuses and says which side left.
            return await leg.BridgeAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Plays the briefing to the answered leg in real time; stops early if either side hangs up.</summary>
    private async ValueTask BriefAsync(IConsultLeg leg, SentenceAudio audio, CancellationToken cancellationToken)
    {
        var length = audio.Length;
        var frameLength = (int)(leg.SampleRate * _channel.FrameDuration.TotalSeconds);
        for (var start = 0; start < length && !leg.Ended.IsCompleted; start += frameLength)
        {
            var frame = AudioFrame.Rent(leg.SampleRate, frameLength, 0, _time.GetUtcNow());
            audio.FillFrame(start, frame.Samples);
            await leg.SendAudioAsync(frame, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The briefing's audio, or nothing when the TTS failed or was cancelled: a transfer does not fail for want of a briefing.</summary>
    private async Task<SentenceAudio> ObserveAsync(Task<SentenceAudio> speech)
    {
        try
        {
            return await speech.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            if (e is not OperationCanceledException) Log.EngineFailed(_logger, e, _call.CallId);
            return default;
        }
    }

    private string DefaultSummary() => string.IsNullOrWhiteSpace(_call.Agent.Name)
        ? "Hello, this is an automated assistant. I have a caller for you and will connect them now."
        : $"Hello, this is {_call.Agent.Name}, an automated assistant. I have a caller for you and will connect them now.";
}
