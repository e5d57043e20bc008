using Switchboard.Audio.Frames;
using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Rtp;

namespace Switchboard.Realtime.Transports.Sip;

/// <summary>
/// Two answered SIP calls joined: each side's audio (decoded, so the two may use different codecs) and keypad digits go
/// to the other, until either side hangs up; then the other is hung up and both media sessions are closed.
/// </summary>
/// <remarks>
/// <para><b>Ownership.</b> Owns both calls' media sessions and becomes the only reader of both calls' events and media.
/// Runs from construction; <see cref="Completion"/> ends when the joined call is over, <see cref="DisposeAsync"/> ends
/// it early (server shutdown).</para>
/// <para><b>Pacing.</b> Both sessions tick on the same media clock and deliver a frame every tick (silence when the
/// peer sends none); a frame the other side's short send queue cannot take is dropped rather than delayed, so the
/// delay through the bridge stays at a tick or two.</para>
/// <para>Thread-safe.</para>
/// </remarks>
public sealed class SipBridge : IAsyncDisposable
{
    private readonly SipCall _a;
    private readonly RtpSession _aRtp;
    private readonly SipCall _b;
    private readonly RtpSession _bRtp;
    private readonly TimeSpan _hangUpWait;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private int _disposed;
    private long _aToB;
    private long _bToA;

    /// <summary>Joins call <paramref name="a"/> (the caller) and call <paramref name="b"/> (the transfer target) and starts relaying.</summary>
    /// <param name="hangUpWait">How long hanging up the remaining side waits for the answer to its BYE.</param>
    /// <exception cref="ArgumentNullException">A call or media session is null.</exception>
    public SipBridge(SipCall a, RtpSession aRtp, SipCall b, RtpSession bRtp, TimeSpan hangUpWait, TimeProvider? time = null)
    {
        _a = a ?? throw new ArgumentNullException(nameof(a));
        _aRtp = aRtp ?? throw new ArgumentNullException(nameof(aRtp));
        _b = b ?? throw new ArgumentNullException(nameof(b));
        _bRtp = bRtp ?? throw new ArgumentNullException(nameof(bRtp));
        _hangUpWait = hangUpWait;
        _time = time ?? TimeProvider.System;
        _run = RunAsync();
    }

    /// <summary>Completes when the joined call is over: one side hung up, the other was hung up, media closed.</summary>
    public Task Completion => _run;

    /// <summary>Frames relayed from the caller to the target, and from the target to the caller.</summary>
    public (long CallerToTarget, long TargetToCaller) FramesRelayed => (Interlocked.Read(ref _aToB), Interlocked.Read(ref _bToA));

    /// <summary>Ends the joined call now (both sides hung up) and waits for it. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            await _run.ConfigureAwait(false);
            return;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        await Task.Yield();
        using var relay = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var token = relay.Token;
        var aEnded = WatchAsync(_a, _aRtp, _bRtp, token);
        var bEnded = WatchAsync(_b, _bRtp, _aRtp, token);
        var loops = new[]
        {
            RelayAudioAsync(_aRtp, _bRtp, isCallerToTarget: true, token),
            RelayAudioAsync(_bRtp, _aRtp, isCallerToTarget: false, token),
            RelayDigitsAsync(_aRtp, _bRtp, token),
            RelayDigitsAsync(_bRtp, _aRtp, token),
        };
        // Both watchers also return when the bridge is disposed (their token is linked to the stop).
        await Task.WhenAny(aEnded, bEnded).ConfigureAwait(false);
        await relay.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(loops).ConfigureAwait(false);
        await Task.WhenAll(aEnded, bEnded).ConfigureAwait(false);
        await Task.WhenAll(HangUpAsync(_a), HangUpAsync(_b)).ConfigureAwait(false);
        await _aRtp.DisposeAsync().ConfigureAwait(false);
        await _bRtp.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Reads a call's events until it ends; SIP INFO digits go to the other side as RFC 4733 when it has it, and a
    /// re-INVITE that moves this side's media moves <paramref name="own"/> with it.
    /// </summary>
    private static async Task WatchAsync(SipCall call, RtpSession own, RtpSession other, CancellationToken cancellationToken)
    {
        if (call.IsEnded) return;
        try
        {
            await foreach (var e in call.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (e.Kind == SipCallEventKind.Ended) return;
                if (e.Kind == SipCallEventKind.Dtmf && other.TelephoneEventsNegotiated) SendDigit(other, e.Digit);
                if (e.Kind == SipCallEventKind.MediaChanged && e.Audio is not null) SipMediaRenegotiation.Apply(own, e.Audio);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task RelayAudioAsync(RtpSession from, RtpSession to, bool isCallerToTarget, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var frame in from.InboundFrames.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!Forward(to, frame))
                {
                    frame.Dispose();
                    continue;
                }
                if (isCallerToTarget) Interlocked.Increment(ref _aToB);
                else Interlocked.Increment(ref _bToA);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static bool Forward(RtpSession to, AudioFrame frame)
    {
        try
        {
            return to.TrySend(frame);
        }
        catch (ArgumentException)
        {
            // Not a 20 ms 8 kHz frame (cannot happen between two of our sessions); TrySend disposed it.
            return true;
        }
    }

    private static async Task RelayDigitsAsync(RtpSession from, RtpSession to, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var digit in from.Digits.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (to.TelephoneEventsNegotiated) SendDigit(to, digit.Digit);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static void SendDigit(RtpSession to, char digit)
    {
        try
        {
            to.SendDigit(digit);
        }
        catch (Exception e) when (e is ObjectDisposedException or ArgumentException or InvalidOperationException)
        {
            // The other side is closing or cannot carry this key: the digit has nowhere to go.
        }
    }

    private async Task HangUpAsync(SipCall call)
    {
        if (call.IsEnded) return;
        try
        {
            await call.HangupAsync(CancellationToken.None).WaitAsync(_hangUpWait, _time).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or SipDialogException or ObjectDisposedException)
        {
            // The BYE went out (or the call ended under us); the far end not answering it changes nothing here.
        }
    }
}
