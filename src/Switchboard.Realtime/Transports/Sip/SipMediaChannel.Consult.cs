using Switchboard.Audio.Frames;
using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Rtp;

namespace Switchboard.Realtime.Transports.Sip;

// Warm transfer: hold the caller (ringback), dial the target as a second leg, and on request join the two in a SipBridge.
public sealed partial class SipMediaChannel
{
    private CancellationTokenSource? _holdStop;
    private Task _holdLoop = Task.CompletedTask;
    private int _holding;
    private int _consulting;
    private int _bridged;

    /// <summary>True while the caller is on hold for a transfer.</summary>
    public bool IsHolding => Volatile.Read(ref _holding) != 0;

    /// <summary>True once the caller has been handed to a <see cref="SipBridge"/>.</summary>
    public bool IsBridged => Volatile.Read(ref _bridged) != 0;

    private bool CanDial => _options.LegDialer is not null && _options.Bridges is not null;

    /// <inheritdoc />
    public async ValueTask<ConsultResult> ConsultAsync(string target, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        if (!CanDial) return ConsultResult.Failed("This call cannot place a second call: the server has no SIP dialer for it.", TransferOutcomeCodes.Failed);
        if (_call.IsEnded || IsBridged) return ConsultResult.Failed("The caller has hung up.", TransferOutcomeCodes.Failed);
        if (Interlocked.CompareExchange(ref _consulting, 1, 0) != 0) return ConsultResult.Failed("Another transfer is in progress.", TransferOutcomeCodes.Failed);

        StartHold();
        SipLegDialResult result;
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _callerGone.Token);
            result = await _options.LegDialer!.DialAsync(target, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_callerGone.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            result = SipLegDialResult.Failed("The caller hung up while the target was being called.", TransferOutcomeCodes.Failed);
        }
        catch
        {
            await EndHoldAsync().ConfigureAwait(false);
            throw;
        }

        if (result is { Call: { } call, Rtp: { } rtp })
        {
            var leg = new SipConsultLeg(this, call, rtp, _options.HangUpWait, _time, _callerGone.Token);
            if (!_call.IsEnded) return new ConsultResult(leg, null);
            await leg.DisposeAsync().ConfigureAwait(false);
            return ConsultResult.Failed("The caller hung up while the target was being called.", TransferOutcomeCodes.Failed);
        }
        await EndHoldAsync().ConfigureAwait(false);
        return new ConsultResult(null, result.Failure ?? new TransferOutcome(false, "The target could not be called."));
    }

    /// <summary>Joins the caller to an answered leg (called by <see cref="SipConsultLeg.BridgeAsync"/>, which has stopped reading the leg).</summary>
    /// <returns>Accepted when the bridge owns both calls; refused when a side hung up first (the leg stays the caller's).</returns>
    internal async ValueTask<TransferOutcome> JoinAsync(SipCall leg, RtpSession legRtp)
    {
        if (_call.IsEnded) return new TransferOutcome(false, "The caller hung up before being connected.");
        if (leg.IsEnded) return new TransferOutcome(false, "The transfer target hung up before the caller was connected.");

        await EndHoldAsync().ConfigureAwait(false);
        Volatile.Write(ref _bridged, 1);
        // The bridge becomes the only reader of the caller's media and events: stop ours first. Input completes, which is
        // fine: the session ends the call as transferred as soon as this returns.
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_audioLoop, _digitLoop, _eventLoop).ConfigureAwait(false);
        Discard(_rtp);
        Discard(legRtp);

        var bridge = new SipBridge(_call, _rtp, leg, legRtp, _options.HangUpWait, _time);
        if (_options.Bridges!.Adopt(bridge)) return new TransferOutcome(true, "Bridged the caller to the target.", TransferOutcomeCodes.Connected);
        await bridge.DisposeAsync().ConfigureAwait(false);
        return new TransferOutcome(false, "The server is shutting down.");
    }

    /// <summary>Takes the caller off hold (the consultation ended without a bridge). Idempotent.</summary>
    internal async Task EndHoldAsync()
    {
        var stop = Interlocked.Exchange(ref _holdStop, null);
        if (stop is not null)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await _holdLoop.ConfigureAwait(false);
            stop.Dispose();
            _rtp.ClearOutbound();
        }
        Volatile.Write(ref _holding, 0);
        Volatile.Write(ref _consulting, 0);
    }

    private void StartHold()
    {
        Volatile.Write(ref _holding, 1);
        _rtp.ClearOutbound();
        var stop = new CancellationTokenSource();
        _holdStop = stop;
        _holdLoop = PlayRingbackAsync(stop.Token);
    }

    /// <summary>The caller hears ringback while the target is called and briefed; the send queue paces it to the media clock.</summary>
    private async Task PlayRingbackAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        var tone = new RingbackTone();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var frame = AudioFrame.Rent(SampleRate, RtpSession.SamplesPerFrame, 0, _time.GetUtcNow());
                tone.Fill(frame.Samples);
                await _rtp.SendAsync(frame, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException)
        {
            // The caller's media closed (hang-up): nobody is left to hear the tone.
        }
    }

    private static void Discard(RtpSession rtp)
    {
        while (rtp.InboundFrames.TryRead(out var stale)) stale.Dispose();
    }
}
