using System.Threading.Channels;
using Switchboard.Audio.Frames;
using Switchboard.Sip.Auth;
using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Rtp;
using Switchboard.Sip.Sdp;
using Switchboard.Sip.Security;
using Switchboard.Sip.Transactions;
using Switchboard.Sip.Transport;
using Switchboard.Sip.Uris;

namespace Switchboard.Sip.Echo;

/// <summary>
/// Answers every INVITE and plays the caller's audio, and DTMF as RFC 4733 events, back to them: how operators
/// check a trunk or a phone, and how interop tests reach the stack. Each call is logged.
/// </summary>
/// <remarks>Start with <see cref="StartAsync"/>, run with <see cref="RunAsync"/>; not reusable after disposal.</remarks>
public sealed class SipEchoServer : IAsyncDisposable
{
    private readonly SipEchoServerOptions _options;
    private readonly TextWriter _log;
    private readonly TimeProvider _time;
    private SipTransactionLayer? _layer;
    private SipCallEndpoint? _endpoint;
    private MediaClock? _clock;
    private RtpPortAllocator? _ports;
    private long _calls;
    private long _framesEchoed;
    private long _digitsEchoed;
    private long _rejected;
    private long _active;

    /// <exception cref="ArgumentException">The options are unusable.</exception>
    public SipEchoServer(SipEchoServerOptions options, TextWriter? log = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _log = log ?? TextWriter.Null;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The SIP port in use (the chosen one when the options said 0).</summary>
    public int Port { get; private set; }

    public long CallsAnswered => Interlocked.Read(ref _calls);
    public long FramesEchoed => Interlocked.Read(ref _framesEchoed);
    public long DigitsEchoed => Interlocked.Read(ref _digitsEchoed);

    /// <summary>Calls between their INVITE and the release of their dialog, RTP ports and media clock slot.</summary>
    public long ActiveCalls => Interlocked.Read(ref _active);

    /// <summary>
    /// All counters at once (each read atomically, not all at the same instant). Thread-safe; before
    /// <see cref="StartAsync"/> the dialog, port and clock figures are zero.
    /// </summary>
    public SipEchoServerStatistics Statistics => new(
        CallsAnswered,
        Interlocked.Read(ref _rejected),
        ActiveCalls,
        _endpoint?.DialogCount ?? 0,
        _ports?.InUse ?? 0,
        _ports?.Capacity ?? 0,
        _clock?.ParticipantCount ?? 0,
        _clock?.Ticks ?? 0,
        _clock?.MissedTicks ?? 0,
        _clock?.LateTicks ?? 0,
        _clock?.MaxTickLateness ?? TimeSpan.Zero,
        _clock?.MaxTickDuration ?? TimeSpan.Zero,
        FramesEchoed,
        DigitsEchoed,
        _clock?.Scheduling ?? MediaClockScheduling.Normal);

    /// <summary>Binds UDP and TCP (same port) and the RTP range.</summary>
    public async Task StartAsync()
    {
        var udp = new SipUdpTransport(new SipTransportOptions { BindAddress = _options.BindAddress, Port = _options.Port });
        Port = udp.LocalEndPoint.Port;
        SipTcpTransport tcp;
        try
        {
            tcp = new SipTcpTransport(new SipTransportOptions { BindAddress = _options.BindAddress, Port = Port }, _time);
        }
        catch
        {
            await udp.DisposeAsync();
            throw;
        }
        _layer = new SipTransactionLayer([udp, tcp], timeProvider: _time);
        _layer.Start();
        var host = udp.LocalEndPoint.Host;
        _endpoint = new SipCallEndpoint(_layer, new SipCallEndpointOptions
        {
            Contact = SipUri.Parse($"sip:echo@{host}:{Port}"),
            FloodGuard = _options.FloodLimitPer2Seconds > 0
                ? new SipFloodGuard(new SipFloodGuardOptions { MaxRequestsPerInterval = _options.FloodLimitPer2Seconds, AllowList = _options.AllowFrom }, _time)
                : null,
            ScannerFilter = _options.DropScanners ? new SipScannerFilter() : null,
            // No accounts: the challenge only lets the allow-listed sources through.
            Authenticator = _options.AllowFrom.Count > 0
                ? new SipDigestAuthenticator(new SipDigestAuthenticatorOptions { AllowList = new IpAllowList(_options.AllowFrom), NonceSecret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32) }, new NoSipAccounts(), _time)
                : null,
        }, _time);
        _endpoint.Start();
        _clock = new MediaClock(timeProvider: _time, realTime: _options.RealTimeClock);
        _ports = new RtpPortAllocator(new RtpPortAllocatorOptions
        {
            BindAddress = _options.BindAddress, MinPort = _options.RtpMinPort, MaxPort = _options.RtpMaxPort,
        });
        _log.WriteLine($"echo: listening on {host}:{Port} (UDP, TCP), RTP {_options.RtpMinPort}-{_options.RtpMaxPort}");
    }

    /// <summary>Answers calls until <paramref name="cancellationToken"/> is cancelled; every call is finished before it returns.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var endpoint = _endpoint ?? throw new InvalidOperationException("Call StartAsync first.");
        var calls = new List<Task>();
        try
        {
            await foreach (var incoming in endpoint.IncomingCalls.ReadAllAsync(cancellationToken))
            {
                calls.RemoveAll(t => t.IsCompleted);
                calls.Add(EchoAsync(incoming, cancellationToken));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        await Task.WhenAll(calls);
    }

    private async Task EchoAsync(SipIncomingCall incoming, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _active);
        try
        {
            await EchoCoreAsync(incoming, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    private async Task EchoCoreAsync(SipIncomingCall incoming, CancellationToken cancellationToken)
    {
        var caller = incoming.Caller.ToString();
        RtpPortLease lease;
        try
        {
            lease = _ports!.Allocate();
        }
        catch (RtpPortsExhaustedException)
        {
            _log.WriteLine($"echo: {incoming.CallId} from {caller}: no RTP ports left, 503");
            Interlocked.Increment(ref _rejected);
            await incoming.RejectAsync(503, cancellationToken);
            return;
        }

        RtpSession? session = null;
        try
        {
            var negotiator = new SdpNegotiator(new SdpNegotiatorOptions(), _options.BindAddress, lease.RtpPort);
            SipCall call;
            NegotiatedAudio negotiated;
            if (incoming.Offer is null)
            {
                // A late offer: ours goes in the 200, the caller's answer comes in the ACK.
                var late = await incoming.AcceptWithOfferAsync(negotiator, cancellationToken);
                (call, negotiated) = (late.Call, late.Audio);
                session = new RtpSession(negotiated, lease, _clock!, timeProvider: _time);
            }
            else
            {
                var answer = negotiator.CreateAnswer(incoming.Offer);
                if (!answer.IsSuccess)
                {
                    _log.WriteLine($"echo: {incoming.CallId} from {caller}: {answer.FailureReason}, 488");
                    Interlocked.Increment(ref _rejected);
                    await incoming.RejectAsync(SdpAnswerResult.NotAcceptableHere, cancellationToken);
                    lease.Dispose();
                    return;
                }

                // The session owns the lease from here on, whatever happens.
                negotiated = answer.Audio!;
                session = new RtpSession(negotiated, lease, _clock!, timeProvider: _time);
                call = await incoming.AcceptAsync(answer.Answer!, cancellationToken);
            }

            Interlocked.Increment(ref _calls);
            _log.WriteLine($"echo: {incoming.CallId} from {caller}: answered ({negotiated.Codec.EncodingName}, RTP port {lease.RtpPort})");

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var audio = EchoAudioAsync(session, stop.Token);
            var digits = EchoDigitsAsync(session, stop.Token);
            var reason = await WaitForEndAsync(call, stop.Token);
            await stop.CancelAsync();

            // Closing the session completes its queues, which is what ends the audio loop (it waits without a token).
            await session.DisposeAsync();
            await Task.WhenAll(audio, digits);
            if (!call.IsEnded) await call.HangupAsync(CancellationToken.None);
            _log.WriteLine($"echo: {incoming.CallId}: ended ({reason})");
        }
        catch (Exception ex) when (ex is SipDialogException or SdpNegotiationException or OperationCanceledException)
        {
            _log.WriteLine($"echo: {incoming.CallId} from {caller}: {ex.Message}");
            if (session is null) lease.Dispose();
        }
        finally
        {
            if (session is not null) await session.DisposeAsync();
        }
    }

    private async Task EchoAudioAsync(RtpSession session, CancellationToken ct)
    {
        // No token on the wait: a bounded channel then reuses one waiter instead of allocating a cancellable one (and
        // its registration) for every 20 ms frame. The loop ends when the session closes and completes the queue.
        ChannelReader<AudioFrame> inbound = session.InboundFrames;
        try
        {
            while (await inbound.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                while (inbound.TryRead(out AudioFrame frame))
                {
                    // Ownership passes to the session's send queue.
                    await session.SendAsync(frame, ct).ConfigureAwait(false);
                    Interlocked.Increment(ref _framesEchoed);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException)
        {
            // The call ended while a frame was on its way back.
        }
    }

    private async Task EchoDigitsAsync(RtpSession session, CancellationToken ct)
    {
        try
        {
            await foreach (var digit in session.Digits.ReadAllAsync(ct))
            {
                session.SendDigit(digit.Digit);
                Interlocked.Increment(ref _digitsEchoed);
                _log.WriteLine($"echo: digit {digit.Digit}");
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (InvalidOperationException)
        {
            // telephone-event was not negotiated: nothing to echo digits with.
        }
    }

    private static async Task<string> WaitForEndAsync(SipCall call, CancellationToken ct)
    {
        try
        {
            await foreach (var e in call.Events.ReadAllAsync(ct))
            {
                if (e.Kind == SipCallEventKind.Ended) return e.Reason ?? "ended";
            }
            return "ended";
        }
        catch (OperationCanceledException)
        {
            return "server stopping";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_endpoint is not null) await _endpoint.DisposeAsync();
        if (_layer is not null) await _layer.DisposeAsync();
        if (_clock is not null) await _clock.DisposeAsync();
    }
}
