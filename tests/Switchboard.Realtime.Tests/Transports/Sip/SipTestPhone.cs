using System.Collections.Concurrent;
using System.Net;
using Switchboard.Audio.Frames;
using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Rtp;
using Switchboard.Sip.Sdp;
using Switchboard.Sip.Transport;
using Switchboard.Sip.Uris;

namespace Switchboard.Realtime.Tests.Transports.Sip;

/// <summary>
/// The caller's phone in the SIP tests: places the call, sends audio and digits (RFC 4733 or INFO), records what it hears
/// (frames with speech-level energy), and answers REFERs the way the test tells it to.
/// </summary>
internal sealed class SipTestPhone : IAsyncDisposable
{
    private readonly SipLoopback _rig;
    private readonly SdpNegotiator _negotiator;
    private readonly RtpPortLease _lease;
    private readonly TaskCompletionSource _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<short> _heard = [];
    private Task _events = Task.CompletedTask;
    private Task _listen = Task.CompletedTask;
    private long _framesHeard;
    private long _voicedFrames;

    private SipTestPhone(SipLoopback rig, SdpNegotiator negotiator, RtpPortLease lease)
    {
        _rig = rig;
        _negotiator = negotiator;
        _lease = lease;
    }

    public SipCall Call { get; private set; } = null!;

    public RtpSession Rtp { get; private set; } = null!;

    /// <summary>Answers a REFER from the agent: the status for the final NOTIFY, or null to send none.</summary>
    public Func<SipUri, int?> OnRefer { get; set; } = _ => 200;

    public ConcurrentQueue<SipUri> ReferTargets { get; } = new();

    /// <summary>Digits the agent sent by SIP INFO.</summary>
    public ConcurrentQueue<char> InfoDigits { get; } = new();

    public Task<string> Ended => _ended.Task;

    public long FramesHeard => Interlocked.Read(ref _framesHeard);

    /// <summary>Frames whose RMS is well above G.711 idle noise: the agent speaking.</summary>
    public long VoicedFrames => Interlocked.Read(ref _voicedFrames);

    public static async Task<SipTestPhone> DialAsync(SipLoopback rig, bool offerTelephoneEvent)
    {
        var lease = rig.Ports.Allocate();
        var negotiator = new SdpNegotiator(new SdpNegotiatorOptions { TelephoneEvents = offerTelephoneEvent }, IPAddress.Loopback, lease.RtpPort);
        var phone = new SipTestPhone(rig, negotiator, lease);
        var target = SipUri.Parse($"sip:1000@127.0.0.1:{rig.AgentPort}");
        phone.Call = await rig.PhoneEndpoint.InviteAsync(target, SipLoopback.PhoneAddress(rig.PhonePort), negotiator.CreateOffer(),
            new SipEndPoint(IPAddress.Loopback, rig.AgentPort), cancellationToken: rig.Guard.Token);
        phone._events = phone.WatchEventsAsync();
        return phone;
    }

    /// <summary>Waits for the 2xx and starts media.</summary>
    public async Task AnsweredAsync()
    {
        await _answered.Task.WaitAsync(_rig.Guard.Token);
        var audio = _negotiator.ProcessAnswer(Call.RemoteSdp!);
        Rtp = new RtpSession(audio, _lease, _rig.Clock);
        _listen = ListenAsync();
    }

    /// <summary>Sends PCM16 at 8 kHz, paced by the media clock (the send queue waits when full).</summary>
    public async Task SendAudioAsync(short[] samples)
    {
        for (var offset = 0; offset < samples.Length; offset += RtpSession.SamplesPerFrame)
        {
            var frame = AudioFrame.Rent(8000, RtpSession.SamplesPerFrame, offset, DateTimeOffset.UtcNow);
            var count = Math.Min(RtpSession.SamplesPerFrame, samples.Length - offset);
            samples.AsSpan(offset, count).CopyTo(frame.Samples);
            frame.Samples[count..].Clear();
            await Rtp.SendAsync(frame, _rig.Guard.Token);
        }
    }

    /// <summary>Waits (in real time, bounded by the rig's guard) until <paramref name="condition"/> holds.</summary>
    public async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan max)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(_rig.Guard.Token);
        limit.CancelAfter(max);
        while (!condition())
        {
            try
            {
                await Task.Delay(20, limit.Token);
            }
            catch (OperationCanceledException)
            {
                return condition();
            }
        }
        return true;
    }

    /// <summary>A copy of everything heard so far (8 kHz).</summary>
    public short[] Heard()
    {
        lock (_heard) return [.. _heard];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (!Call.IsEnded)
        {
            try
            {
                await Call.HangupAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is TimeoutException or SipDialogException or OperationCanceledException)
            {
            }
        }
        if (Rtp is not null) await Rtp.DisposeAsync();
        else _lease.Dispose();
        await Task.WhenAll(_events, _listen);
        _stop.Dispose();
    }

    private async Task WatchEventsAsync()
    {
        try
        {
            await foreach (var e in Call.Events.ReadAllAsync(_stop.Token))
            {
                switch (e.Kind)
                {
                    case SipCallEventKind.Answered:
                        _answered.TrySetResult();
                        break;
                    case SipCallEventKind.Dtmf:
                        InfoDigits.Enqueue(e.Digit);
                        break;
                    case SipCallEventKind.TransferRequested:
                        ReferTargets.Enqueue(e.TransferTarget!);
                        // Reported at once, on purpose: the final NOTIFY must not overtake the stack's own NOTIFY 100.
                        if (OnRefer(e.TransferTarget!) is { } status) await Call.ReportTransferResultAsync(status, _stop.Token);
                        break;
                    case SipCallEventKind.Ended:
                        _answered.TrySetException(new InvalidOperationException($"the call ended before it was answered: {e.Reason}"));
                        _ended.TrySetResult(e.Reason ?? "");
                        return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _ended.TrySetResult("test over");
        }
    }

    private async Task ListenAsync()
    {
        try
        {
            await foreach (var frame in Rtp.InboundFrames.ReadAllAsync(_stop.Token))
            {
                using (frame)
                {
                    double sum = 0;
                    foreach (var s in frame.Samples) sum += (double)s * s;
                    if (Math.Sqrt(sum / frame.Length) > 300) Interlocked.Increment(ref _voicedFrames);
                    lock (_heard) _heard.AddRange(frame.Samples);
                }
                Interlocked.Increment(ref _framesHeard);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
