using System.Net;
using Switchboard.Audio.Frames;
using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Rtp;
using Switchboard.Sip.Sdp;
using Switchboard.Sip.Transactions;
using Switchboard.Sip.Transport;
using Switchboard.Sip.Uris;

namespace Switchboard.Realtime.Tests.Transports.Sip;

/// <summary>
/// The transfer target in the SIP tests: a real SIP user agent on 127.0.0.1 (its own socket, ports and media clock)
/// that answers, refuses (a status) or rings forever, counts the voiced frames it hears, sends a tone and hangs up.
/// </summary>
internal sealed class SipDesk : IAsyncDisposable
{
    /// <summary>Never answer: ring until the caller gives up (CANCEL).</summary>
    public const int RingForever = -1;

    // The Realtime and Server test assemblies run at the same time and both use this file: a range each.
    private static int s_nextRange = typeof(SipDesk).Assembly.GetName().Name!.Contains("Server", StringComparison.Ordinal) ? 48400 : 48100;

    private readonly SipTransactionLayer _layer;
    private readonly SipCallEndpoint _endpoint;
    private readonly RtpPortAllocator _ports;
    private readonly MediaClock _clock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _invited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _accept;
    private Task _listen = Task.CompletedTask;
    private Task _events = Task.CompletedTask;
    private long _voiced;

    /// <param name="answer">0 to answer, a SIP status (e.g. 486) to refuse, or <see cref="RingForever"/>.</param>
    /// <param name="allow">The Allow header (without REFER, REFERs are refused with 405).</param>
    public SipDesk(int answer = 0, string? allow = null)
    {
        var min = Interlocked.Add(ref s_nextRange, 10) - 10;
        _ports = new RtpPortAllocator(new RtpPortAllocatorOptions { BindAddress = IPAddress.Loopback, MinPort = min, MaxPort = min + 9 });
        var udp = new SipUdpTransport(new SipTransportOptions { BindAddress = IPAddress.Loopback, Port = 0 });
        Port = udp.LocalEndPoint.Port;
        _layer = new SipTransactionLayer([udp]);
        _layer.Start();
        var options = new SipCallEndpointOptions { Contact = SipUri.Parse($"sip:desk@127.0.0.1:{Port}") };
        if (allow is not null) options = new SipCallEndpointOptions { Contact = options.Contact, Allow = allow };
        _endpoint = new SipCallEndpoint(_layer, options);
        _endpoint.Start();
        _accept = AcceptAsync(answer);
    }

    public int Port { get; }

    public SipEndPoint EndPoint => new(IPAddress.Loopback, Port);

    public string Uri => $"sip:desk@127.0.0.1:{Port}";

    /// <summary>An INVITE arrived.</summary>
    public Task Invited => _invited.Task;

    public Task Answered => _answered.Task;

    /// <summary>Completes with the end reason once the answered call (or the ringing INVITE, "cancelled") ends.</summary>
    public Task<string> Ended => _ended.Task;

    public long VoicedFrames => Interlocked.Read(ref _voiced);

    public SipCall? Call { get; private set; }

    public RtpSession? Rtp { get; private set; }

    /// <summary>Sends a 1 kHz tone at speech level for <paramref name="frames"/> frames, paced by the media clock.</summary>
    public async Task SendToneAsync(int frames, CancellationToken cancellationToken)
    {
        var rtp = Rtp ?? throw new InvalidOperationException("Not answered.");
        await SendToneAsync(rtp, frames, cancellationToken);
    }

    public static async Task SendToneAsync(RtpSession rtp, int frames, CancellationToken cancellationToken)
    {
        for (var i = 0; i < frames; i++)
        {
            var frame = AudioFrame.Rent(8000, RtpSession.SamplesPerFrame, i * RtpSession.SamplesPerFrame, DateTimeOffset.UtcNow);
            for (var n = 0; n < frame.Samples.Length; n++) frame.Samples[n] = (short)(8000 * Math.Sin(2 * Math.PI * 1000 * (i * 160 + n) / 8000.0));
            await rtp.SendAsync(frame, cancellationToken);
        }
    }

    public Task HangUpAsync() => (Call ?? throw new InvalidOperationException("Not answered.")).HangupAsync();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (Call is { IsEnded: false } call)
        {
            try
            {
                await call.HangupAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is TimeoutException or SipDialogException)
            {
            }
        }
        await Task.WhenAll(_accept, _listen, _events);
        if (Rtp is not null) await Rtp.DisposeAsync();
        await _endpoint.DisposeAsync();
        await _layer.DisposeAsync();
        await _clock.DisposeAsync();
        _stop.Dispose();
    }

    private async Task AcceptAsync(int answer)
    {
        try
        {
            var incoming = await _endpoint.IncomingCalls.ReadAsync(_stop.Token);
            _invited.TrySetResult();
            if (answer > 0)
            {
                await incoming.RejectAsync(answer, _stop.Token);
                _ended.TrySetResult("rejected");
                return;
            }
            await incoming.SendRingingAsync(_stop.Token);
            if (answer == RingForever)
            {
                await incoming.Cancelled.WaitAsync(_stop.Token);
                _ended.TrySetResult("cancelled");
                return;
            }
            var lease = _ports.Allocate();
            var negotiator = new SdpNegotiator(new SdpNegotiatorOptions(), IPAddress.Loopback, lease.RtpPort);
            var sdp = negotiator.CreateAnswer(incoming.Offer!);
            Rtp = new RtpSession(sdp.Audio!, lease, _clock);
            Call = await incoming.AcceptAsync(negotiator, _stop.Token);
            _listen = ListenAsync(Rtp);
            _events = WatchAsync(Call);
            _answered.TrySetResult();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WatchAsync(SipCall call)
    {
        try
        {
            await foreach (var e in call.Events.ReadAllAsync(_stop.Token))
            {
                if (e.Kind != SipCallEventKind.Ended) continue;
                _ended.TrySetResult(e.Reason ?? "");
                return;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ListenAsync(RtpSession rtp)
    {
        try
        {
            await foreach (var frame in rtp.InboundFrames.ReadAllAsync(_stop.Token))
            {
                using (frame)
                {
                    double sum = 0;
                    foreach (var s in frame.Samples) sum += (double)s * s;
                    if (Math.Sqrt(sum / frame.Samples.Length) > 300) Interlocked.Increment(ref _voiced);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
