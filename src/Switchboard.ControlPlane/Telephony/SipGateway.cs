using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.ControlPlane.LiveCalls;
using Switchboard.Realtime.Transports.Sip;
using Switchboard.Sip.Auth;
using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Rtp;
using Switchboard.Sip.Security;
using Switchboard.Sip.Transactions;
using Switchboard.Sip.Transport;
using Switchboard.Sip.Uris;

namespace Switchboard.ControlPlane.Telephony;

/// <summary>
/// The server's SIP listener (UDP and TCP on one port): every incoming INVITE is routed by its Request-URI user part
/// (<see cref="IInboundCallRouter"/>), answered, and run as a live call over a
/// <see cref="Realtime.Transports.Sip.SipMediaChannel"/> (see SipGateway.Calls.cs).
/// </summary>
/// <remarks>
/// A listener that cannot bind (port taken, bad address) is logged and reported on <c>/health/ready</c>; the rest of the
/// server keeps running. Thread-safe singleton; the hosted service owns the SIP stack, the media clock and the RTP
/// ports, and at shutdown ends its calls before closing them.
/// </remarks>
internal sealed partial class SipGateway(
    IOptions<SipGatewayOptions> options,
    IOptions<LiveCallOptions> callOptions,
    LiveCallHost host,
    LiveAgentLoader agents,
    IServiceProvider services,
    ILogger<SipGateway> logger,
    TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, LiveCall> _calls = new(StringComparer.Ordinal);
    private readonly List<Task> _setups = [];
    private SipTransactionLayer? _layer;
    private SipCallEndpoint? _endpoint;
    private MediaClock? _clock;
    private RtpPortAllocator? _ports;
    private volatile SipListenerStatus _status = SipListenerStatus.Starting;

    /// <summary>The listener's state and port.</summary>
    public SipListenerStatus Status => _status;

    /// <summary>The transaction layer while listening (trunk registrations send through it), else null.</summary>
    internal SipTransactionLayer? Layer => _layer;

    /// <summary>The SIP media clock's ticks and missed ticks while listening (a missed tick delays every call's RTP), else null.</summary>
    internal (long Ticks, long Missed)? MediaClockCounters => _clock is { } clock ? (clock.Ticks, clock.MissedTicks) : null;

    /// <summary>Our Contact while listening, else null.</summary>
    internal SipUri? Contact => _endpoint?.Options.Contact;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            _status = SipListenerStatus.Disabled;
            return;
        }

        try
        {
            await BindAsync(settings).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ArgumentException or InvalidOperationException)
        {
            _status = new SipListenerStatus("failed", 0, $"SIP could not listen on {settings.BindAddress}:{settings.Port}: {e.Message}");
            LogBindFailed(logger, e, settings.BindAddress, settings.Port);
            await CloseStackAsync().ConfigureAwait(false);
            return;
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        Task[] setups;
        lock (_setups) setups = [.. _setups];
        foreach (var call in _calls.Values) call.End("server_shutdown");
        try
        {
            // The calls' BYEs need the SIP stack, so it closes only after they ended (or the grace ran out).
            await Task.WhenAll(setups.Concat(_calls.Values.Select(c => (Task)c.Completion))).WaitAsync(ShutdownGrace, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            LogShutdownIncomplete(logger, _calls.Count);
        }

        // Joined calls of finished transfers outlive their sessions; they hang up both sides before the stack closes.
        if (_bridges is not null) await _bridges.DisposeAsync().ConfigureAwait(false);
        await CloseStackAsync().ConfigureAwait(false);
        if (_status.State == "listening") _status = new SipListenerStatus("stopped", 0, "The SIP listener has stopped.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var endpoint = _endpoint!;
        try
        {
            await foreach (var incoming in endpoint.IncomingCalls.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                lock (_setups)
                {
                    _setups.RemoveAll(t => t.IsCompleted);
                    _setups.Add(AnswerGuardedAsync(incoming, stoppingToken));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task BindAsync(SipGatewayOptions settings)
    {
        var bind = settings.Bind;
        var advertised = settings.Public;
        var host = advertised.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{advertised}]" : advertised.ToString();
        var (minPort, maxPort) = settings.RtpPorts;
        _ports = new RtpPortAllocator(new RtpPortAllocatorOptions { BindAddress = bind, MinPort = minPort, MaxPort = maxPort });

        var udp = new SipUdpTransport(new SipTransportOptions { BindAddress = bind, Port = settings.Port, AdvertisedHost = host });
        var port = udp.LocalEndPoint.Port;
        SipTcpTransport tcp;
        try
        {
            // The same port as UDP (RFC 3261 §18: a UA listening on UDP should on TCP too), also when UDP picked it.
            tcp = new SipTcpTransport(new SipTransportOptions { BindAddress = bind, Port = port, AdvertisedHost = host }, time);
        }
        catch
        {
            await udp.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _layer = new SipTransactionLayer([udp, tcp], timeProvider: time);
        _layer.Start();
        _endpoint = new SipCallEndpoint(_layer, new SipCallEndpointOptions
        {
            Contact = new SipUri("sip", "switchboard", host, port),
            FloodGuard = settings.FloodGuard
                ? new SipFloodGuard(new SipFloodGuardOptions { MaxRequestsPerInterval = settings.FloodMaxRequestsPer2Seconds, AllowList = settings.TrustedNetworks }, time)
                : null,
            ScannerFilter = settings.DropScanners ? new SipScannerFilter() : null,
            Authenticator = settings.Authenticate ? CreateAuthenticator(settings) : null,
        }, time);
        _endpoint.Start();
        _clock = new MediaClock(timeProvider: time, realTime: settings.RealTimeClock);
        _bridges = new SipBridgeHost();
        _status = new SipListenerStatus("listening", port, $"SIP listens on {bind}:{port} (UDP, TCP), media at {advertised}, RTP {minPort}-{maxPort}.");
        LogListening(logger, bind.ToString(), port, advertised.ToString(), minPort, maxPort);
    }

    private SipDigestAuthenticator CreateAuthenticator(SipGatewayOptions settings)
    {
        var secret = settings.NonceSecret is { Length: > 0 } configured
            ? System.Text.Encoding.UTF8.GetBytes(configured)
            : System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        return new SipDigestAuthenticator(new SipDigestAuthenticatorOptions
        {
            Realm = settings.AuthRealm,
            NonceSecret = secret,
            AllowList = new IpAllowList(settings.TrustedNetworks),
        }, new ConfiguredSipCredentials(settings), time);
    }

    private async Task CloseStackAsync()
    {
        if (_endpoint is not null) await _endpoint.DisposeAsync().ConfigureAwait(false);
        if (_layer is not null) await _layer.DisposeAsync().ConfigureAwait(false);
        if (_clock is not null) await _clock.DisposeAsync().ConfigureAwait(false);
        _endpoint = null;
        _layer = null;
        _clock = null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SIP listening on {BindAddress}:{Port} (UDP, TCP); media address {PublicAddress}, RTP ports {RtpMin}-{RtpMax}.")]
    private static partial void LogListening(ILogger logger, string bindAddress, int port, string publicAddress, int rtpMin, int rtpMax);

    [LoggerMessage(Level = LogLevel.Error, Message = "SIP could not listen on {BindAddress}:{Port}; phone calls are unavailable, the HTTP API keeps running. Free the port or set Sip:Port (or Sip:Enabled=false).")]
    private static partial void LogBindFailed(ILogger logger, Exception exception, string bindAddress, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SIP shut down with {Calls} call(s) still ending.")]
    private static partial void LogShutdownIncomplete(ILogger logger, int calls);
}
