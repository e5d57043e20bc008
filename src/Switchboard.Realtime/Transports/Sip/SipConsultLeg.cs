using Switchboard.Audio.Frames;
using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Rtp;

namespace Switchboard.Realtime.Transports.Sip;

/// <summary>
/// The answered second call of a warm transfer on a <see cref="SipMediaChannel"/>: the agent's audio goes to it, what
/// the person on it says is not listened to (only their hang-up), and it is joined to the caller or hung up.
/// </summary>
/// <remarks>Thread-safety: as <see cref="IConsultLeg"/>. Owns the call's media until <see cref="BridgeAsync"/> hands both to the bridge.</remarks>
internal sealed class SipConsultLeg : IConsultLeg
{
    private readonly SipMediaChannel _owner;
    private readonly SipCall _call;
    private readonly RtpSession _rtp;
    private readonly TimeSpan _hangUpWait;
    private readonly TimeProvider _time;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watch;
    private readonly Task _drain;
    private readonly CancellationTokenRegistration _callerGone;
    private int _handedOff;
    private int _disposed;

    /// <param name="callerGone">Cancelled when the caller hangs up: there is then nobody to join, so <see cref="Ended"/> completes too.</param>
    public SipConsultLeg(SipMediaChannel owner, SipCall call, RtpSession rtp, TimeSpan hangUpWait, TimeProvider time, CancellationToken callerGone)
    {
        _owner = owner;
        _call = call;
        _rtp = rtp;
        _hangUpWait = hangUpWait;
        _time = time;
        _watch = WatchAsync(_stop.Token);
        _drain = DrainAsync(_stop.Token);
        _callerGone = callerGone.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), _ended);
    }

    public int SampleRate => 8000;

    public Task Ended => _ended.Task;

    public async ValueTask SendAudioAsync(AudioFrame frame, CancellationToken cancellationToken)
    {
        try
        {
            await _rtp.SendAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The leg's media is closed: the frame was disposed and there is nobody to hear it.
        }
    }

    public async ValueTask<TransferOutcome> BridgeAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) != 0 || Volatile.Read(ref _handedOff) != 0)
            return new TransferOutcome(false, "This leg has already been joined or hung up.");
        // The bridge becomes the only reader of this leg's events and media.
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_watch, _drain).ConfigureAwait(false);
        var outcome = await _owner.JoinAsync(_call, _rtp).ConfigureAwait(false);
        if (outcome.Accepted || _owner.IsBridged) Volatile.Write(ref _handedOff, 1);
        return outcome;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _callerGone.DisposeAsync().ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_watch, _drain).ConfigureAwait(false);
        _stop.Dispose();
        if (Volatile.Read(ref _handedOff) != 0) return;
        await HangUpAsync().ConfigureAwait(false);
        await _rtp.DisposeAsync().ConfigureAwait(false);
        await _owner.EndHoldAsync().ConfigureAwait(false);
    }

    private async Task HangUpAsync()
    {
        if (_call.IsEnded) return;
        try
        {
            await _call.HangupAsync(CancellationToken.None).WaitAsync(_hangUpWait, _time).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or SipDialogException or ObjectDisposedException)
        {
            // The BYE went out or the leg ended under us; either way it is over.
        }
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (_call.IsEnded)
        {
            _ended.TrySetResult();
            return;
        }
        try
        {
            await foreach (var e in _call.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (e.Kind != SipCallEventKind.Ended) continue;
                _ended.TrySetResult();
                return;
            }
            _ended.TrySetResult();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>What the person says while being briefed is not kept: the caller must not hear it late once joined.</summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await foreach (var frame in _rtp.InboundFrames.ReadAllAsync(cancellationToken).ConfigureAwait(false)) frame.Dispose();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
