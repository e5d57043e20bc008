using System.Threading.Channels;
using Switchboard.Audio.Dtmf;
using Switchboard.Audio.Frames;
using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Rtp;

namespace Switchboard.Realtime.Transports.Sip;

/// <summary>
/// An answered SIP call as the engine's <see cref="IMediaChannel"/>: 8 kHz, 20 ms frames over the call's
/// <see cref="RtpSession"/>; digits from RFC 4733, SIP INFO and (optionally) in-band tones; hang-up by BYE either way;
/// transfer by REFER, or by a second call bridged to the caller (warm transfers, and cold ones the peer refuses to REFER)
/// when <see cref="SipMediaChannelOptions.LegDialer"/> and <see cref="SipMediaChannelOptions.Bridges"/> are set.
/// </summary>
/// <remarks>
/// <para><b>Clock.</b> Create the RTP session with <see cref="CreateRtpOptions"/> (or at least
/// <see cref="RtpSessionOptions.DeliverSilenceWhenEmpty"/> on): the engine is paced by inbound frames, and a caller who
/// sends nothing (DTX, hold, before the first packet) must still produce one frame per tick. A short send queue (3
/// frames) keeps <see cref="SendAudioAsync"/> in step with that clock, so a barge-in discards at most a few frames.</para>
/// <para><b>Ownership.</b> The channel owns the <see cref="RtpSession"/> (disposed with the channel) and becomes the only
/// reader of <see cref="SipCall.Events"/>; it hangs the call up on disposal if it is still up. It does not own the
/// <see cref="SipCallEndpoint"/>. Once the caller is bridged to a transfer target, the call and its media belong to the
/// <see cref="SipBridge"/> (kept by <see cref="SipMediaChannelOptions.Bridges"/>): hanging up or disposing the channel
/// then leaves them alone.</para>
/// <para><b>Thread-safety.</b> As <see cref="IMediaChannel"/>: one reader of <see cref="Input"/>, one audio writer; the
/// control methods may be called from other tasks. One transfer at a time.</para>
/// </remarks>
public sealed partial class SipMediaChannel : IConsultingMediaChannel
{
    private readonly SipCall _call;
    private readonly RtpSession _rtp;
    private readonly SipMediaChannelOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<MediaInput> _input;
    private readonly DtmfDetector? _inBand;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _audioLoop;
    private readonly Task _digitLoop;
    private readonly Task _eventLoop;
    private readonly CancellationTokenSource _callerGone = new();
    private TaskCompletionSource<int>? _transfer;
    private string? _sipEndReason;
    private int _disposed;

    /// <summary>Wraps an answered call and its media session and starts delivering input.</summary>
    /// <param name="call">The answered call. The channel becomes the only reader of its events.</param>
    /// <param name="rtp">The call's media; owned by the channel from now on (also when this constructor throws).</param>
    /// <param name="options">Tuning; defaults if null.</param>
    /// <param name="time">Time for the transfer and hang-up timeouts; the system clock if null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="call"/> or <paramref name="rtp"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public SipMediaChannel(SipCall call, RtpSession rtp, SipMediaChannelOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(rtp);
        try
        {
            ArgumentNullException.ThrowIfNull(call);
            options ??= new SipMediaChannelOptions();
            options.Validate();
        }
        catch
        {
            // Only argument errors land here, before any loop started: releasing the ports synchronously is safe.
            rtp.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }

        _call = call;
        _rtp = rtp;
        _options = options;
        _time = time ?? TimeProvider.System;
        _input = Channel.CreateBounded<MediaInput>(new BoundedChannelOptions(options.InputCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        if (options.DetectInBandDtmf ?? !rtp.TelephoneEventsNegotiated) _inBand = new DtmfDetector(SampleRate);
        _audioLoop = PumpAudioAsync(_stop.Token);
        _digitLoop = PumpRtpDigitsAsync(_stop.Token);
        _eventLoop = PumpCallEventsAsync(_stop.Token);
    }

    /// <summary>
    /// RTP session settings this channel needs: a silent frame every tick when nothing arrived, a 3-frame send queue, and
    /// a 3 s receive queue, so an engine that stalls for a moment (CPU contention) hears the caller late rather than
    /// with holes in their words.
    /// </summary>
    public static RtpSessionOptions CreateRtpOptions() => new() { DeliverSilenceWhenEmpty = true, OutboundCapacity = 3, InboundCapacity = 150 };

    public int SampleRate => 8000;

    public TimeSpan FrameDuration { get; } = TimeSpan.FromMilliseconds(20);

    public ChannelReader<MediaInput> Input => _input.Reader;

    /// <summary>The call.</summary>
    public SipCall Call => _call;

    /// <summary>Why the SIP call ended (<see cref="SipCallEndReasons"/>), once it has.</summary>
    public string? SipEndReason => Volatile.Read(ref _sipEndReason);

    /// <summary>Whether in-band DTMF detection runs on the caller's audio.</summary>
    public bool DetectsInBandDtmf => _inBand is not null;

    /// <summary>Queues one 8 kHz, 160-sample frame for RTP, waiting while the (short) send queue is full.</summary>
    /// <exception cref="ArgumentException">The frame is not 160 samples at 8000 Hz (it is disposed).</exception>
    public async ValueTask SendAudioAsync(AudioFrame frame, CancellationToken cancellationToken)
    {
        try
        {
            await _rtp.SendAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The call's media is closed: the frame was disposed, and audio for a finished call has nowhere to go.
        }
    }

    public void ClearAudio() => _rtp.ClearOutbound();

    /// <summary>Sends digits as RFC 4733 events when telephone-event was negotiated, else one SIP INFO per digit.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="digits"/> is null.</exception>
    /// <exception cref="ArgumentException">A character is not 0-9, *, #, A-D.</exception>
    public async ValueTask SendDigitsAsync(string digits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digits);
        foreach (var digit in digits)
        {
            if (!DtmfGenerator.IsDtmfDigit(digit)) throw new ArgumentException($"'{digit}' is not a keypad digit (0-9, *, #, A-D).", nameof(digits));
        }

        foreach (var digit in digits)
        {
            try
            {
                if (_rtp.TelephoneEventsNegotiated)
                {
                    _rtp.SendDigit(digit);
                }
                else
                {
                    await _call.SendDtmfAsync(digit, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is ObjectDisposedException or SipDialogException)
            {
                // The call ended: the remaining digits have no one to reach.
                return;
            }
        }
    }

    /// <summary>Sends BYE (waiting at most <see cref="SipMediaChannelOptions.HangUpWait"/> for its answer) and ends <see cref="Input"/>.</summary>
    public async ValueTask HangUpAsync(string reason, CancellationToken cancellationToken)
    {
        _input.Writer.TryComplete();
        if (IsBridged) return;
        await HangUpCallAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops delivering input, closes the RTP session (releasing its ports) and hangs up if the call is still up. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        _input.Writer.TryComplete();
        await Task.WhenAll(_audioLoop, _digitLoop, _eventLoop).ConfigureAwait(false);
        await EndHoldAsync().ConfigureAwait(false);
        if (!IsBridged)
        {
            await _rtp.DisposeAsync().ConfigureAwait(false);
            await HangUpCallAsync(CancellationToken.None).ConfigureAwait(false);
        }
        while (_input.Reader.TryRead(out var unread)) unread.Frame.Dispose();
        _stop.Dispose();
        _callerGone.Dispose();
    }

    private static string Status(int status) => $"{status} {SipStatusCodes.GetReasonPhrase(status)}";

    private async Task HangUpCallAsync(CancellationToken cancellationToken)
    {
        if (_call.IsEnded) return;
        try
        {
            await _call.HangupAsync(cancellationToken).WaitAsync(_options.HangUpWait, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The BYE went out and the call is ended on our side; a peer that does not answer it changes nothing.
        }
        catch (SipDialogException)
        {
            // Ended under us (the peer's BYE crossed ours).
        }
    }

    private async Task PumpAudioAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await foreach (var frame in _rtp.InboundFrames.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (IsHolding)
                {
                    // On hold the engine is waiting on the transfer and reads nothing: what the caller says meanwhile is not for it.
                    frame.Dispose();
                    continue;
                }
                if (_inBand is not null) _inBand.Process(frame.Samples);
                if (!await WriteAsync(MediaInput.Audio(frame), cancellationToken).ConfigureAwait(false))
                {
                    frame.Dispose();
                    return;
                }

                while (_inBand is not null && _inBand.TryReadEvent(out var tone))
                {
                    if (!await WriteAsync(MediaInput.ForDigit(tone.Digit), cancellationToken).ConfigureAwait(false)) return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task PumpRtpDigitsAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await foreach (var digit in _rtp.Digits.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (IsHolding) continue;
                if (!await WriteAsync(MediaInput.ForDigit(digit.Digit), cancellationToken).ConfigureAwait(false)) return;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task PumpCallEventsAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await foreach (var e in _call.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                switch (e.Kind)
                {
                    case SipCallEventKind.Dtmf when !IsHolding:
                        await WriteAsync(MediaInput.ForDigit(e.Digit), cancellationToken).ConfigureAwait(false);
                        break;
                    case SipCallEventKind.MediaChanged when e.Audio is not null:
                        SipMediaRenegotiation.Apply(_rtp, e.Audio);
                        break;
                    case SipCallEventKind.TransferProgress when e.StatusCode >= 200:
                        Volatile.Read(ref _transfer)?.TrySetResult(e.StatusCode);
                        break;
                    case SipCallEventKind.Ended:
                        Volatile.Write(ref _sipEndReason, e.Reason);
                        Volatile.Read(ref _transfer)?.TrySetResult(0);
                        await _callerGone.CancelAsync().ConfigureAwait(false);
                        if (e.Reason != SipCallEndReasons.LocalHangup)
                        {
                            var reason = e.Reason == SipCallEndReasons.RemoteHangup ? "user_hangup" : e.Reason ?? "error";
                            await WriteAsync(MediaInput.HangUp(reason), cancellationToken).ConfigureAwait(false);
                        }

                        _input.Writer.TryComplete();
                        return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            // However the events end, no more input follows.
            _input.Writer.TryComplete();
        }
    }

    /// <summary>Writes one input; false when the input has been closed (the call is over).</summary>
    private async ValueTask<bool> WriteAsync(MediaInput input, CancellationToken cancellationToken)
    {
        try
        {
            await _input.Writer.WriteAsync(input, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
