using System.Net;
using System.Net.Sockets;
using Switchboard.Audio.G711;
using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Rtp;
using Switchboard.Sip.Sdp;
using Switchboard.Sip.Transactions;
using Switchboard.Sip.Transport;
using Switchboard.Sip.Uris;

namespace Switchboard.Bench.Engine.Sip;

/// <summary>
/// A SIP phone on 127.0.0.1: signalling on our own SIP stack (<see cref="SipCallEndpoint"/>), media on its own RTP
/// socket so that times are taken at the wire. <see cref="RtpSession"/> is not used on purpose: its receive path goes
/// through a jitter buffer and its send path through a queue, which would add the phone's own buffering to every
/// figure. One PCMU packet goes out per tick of the shared phone <see cref="MediaClock"/> (speech, else digital
/// silence, as a real phone streams continuously); every received packet is decoded and timed on arrival.
/// </summary>
/// <remarks>Thread-safety: the clock tick, the receive loop and the script's calls share state under one lock.</remarks>
internal sealed class BenchPhone : IMediaClockParticipant, IAsyncDisposable
{
    /// <summary>RMS above G.711 idle noise: the agent is speaking (same threshold as the server tests' phones).</summary>
    public const double VoicedRms = 300;

    private const byte Pcmu = 0;
    private const byte MuLawSilence = 0xFF;

    private static int s_nextPort = 52200;

    private readonly Lock _gate = new();
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly MediaClock _clock;
    private readonly SipTransactionLayer _layer;
    private readonly SipCallEndpoint _endpoint;
    private readonly Socket _rtp;
    private readonly Socket _rtcp;
    private readonly int _sipPort;
    private readonly uint _ssrc = (uint)Random.Shared.Next();
    private readonly byte[] _sendBuffer = new byte[RtpPacket.FixedHeaderSize + RtpSession.SamplesPerFrame];
    private readonly byte[] _payload = new byte[RtpSession.SamplesPerFrame];
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _receive = Task.CompletedTask;
    private IPEndPoint? _remote;
    private ushort _sequence = (ushort)Random.Shared.Next();
    private bool _registered;

    private short[]? _speech;
    private int _speechOffset;
    private TaskCompletionSource<long>? _speechSent;
    private long _speechEnd;
    private bool _overlapped;
    private TaskCompletionSource<long>? _reply;
    private long _lastVoiced;
    private long _voicedPackets;
    private long _packetsReceived;

    private BenchPhone(MediaClock clock, int sipPort, Socket rtp, Socket rtcp)
    {
        _clock = clock;
        _sipPort = sipPort;
        _rtp = rtp;
        _rtcp = rtcp;
        var udp = new SipUdpTransport(new SipTransportOptions { BindAddress = IPAddress.Loopback, Port = 0 });
        _layer = new SipTransactionLayer([udp]);
        _layer.Start();
        _endpoint = new SipCallEndpoint(_layer, new SipCallEndpointOptions { Contact = SipUri.Parse($"sip:bench@127.0.0.1:{udp.LocalEndPoint.Port}") });
        _endpoint.Start();
        LocalSipPort = udp.LocalEndPoint.Port;
    }

    public int LocalSipPort { get; }

    public SipCall? Call { get; private set; }

    public long VoicedPackets => Interlocked.Read(ref _voicedPackets);

    public long PacketsReceived => Interlocked.Read(ref _packetsReceived);

    /// <summary>Binds an even/odd RTP/RTCP pair on loopback (52200 and up) and creates the phone.</summary>
    public static BenchPhone Create(MediaClock clock, int serverSipPort)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Interlocked.Add(ref s_nextPort, 2) - 2;
            if (port > 52398)
            {
                Interlocked.Exchange(ref s_nextPort, 52200);
                continue;
            }
            var rtp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            var rtcp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                rtp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                rtcp.Bind(new IPEndPoint(IPAddress.Loopback, port + 1));
                return new BenchPhone(clock, serverSipPort, rtp, rtcp);
            }
            catch (SocketException)
            {
                rtp.Dispose();
                rtcp.Dispose();
            }
        }
        throw new InvalidOperationException("No free RTP port pair in 52200-52399 for the bench phone.");
    }

    /// <summary>Dials the bench number and waits (bounded) for the answer; media starts flowing both ways.</summary>
    public async Task DialAsync(TimeSpan max)
    {
        var local = ((IPEndPoint)_rtp.LocalEndPoint!).Port;
        var negotiator = new SdpNegotiator(new SdpNegotiatorOptions { Codecs = [SdpCodec.Pcmu], TelephoneEvents = false }, IPAddress.Loopback, local);
        var server = new SipEndPoint(IPAddress.Loopback, _sipPort);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        limit.CancelAfter(max);
        Call = await _endpoint.InviteAsync(SipUri.Parse($"sip:{SipBenchServer.Number}@127.0.0.1:{_sipPort}"),
            NameAddress.Parse($"<sip:+15550001@127.0.0.1:{LocalSipPort}>"), negotiator.CreateOffer(), server, cancellationToken: limit.Token).ConfigureAwait(false);
        await foreach (var e in Call.Events.ReadAllAsync(limit.Token).ConfigureAwait(false))
        {
            if (e.Kind == SipCallEventKind.Ended) throw new InvalidOperationException($"The call was not answered: {e.StatusCode} {e.Reason}");
            if (e.Kind != SipCallEventKind.Answered) continue;
            var audio = negotiator.ProcessAnswer(Call.RemoteSdp!);
            lock (_gate) _remote = new IPEndPoint(IPAddress.Parse(audio.RemoteAddress), audio.RemotePort);
            _receive = Task.Run(ReceiveAsync);
            _clock.Register(this);
            _registered = true;
            return;
        }
        throw new InvalidOperationException("The call's events ended before an answer.");
    }

    /// <summary>Waits (bounded) until the agent has spoken and then been silent for <paramref name="quiet"/>.</summary>
    public async Task<bool> WaitQuietAsync(TimeSpan quiet, TimeSpan max)
    {
        var deadline = _time.GetTimestamp() + (long)(max.TotalSeconds * _time.TimestampFrequency);
        while (_time.GetTimestamp() < deadline)
        {
            long last;
            lock (_gate) last = _lastVoiced;
            if (last != 0 && _time.GetElapsedTime(last) >= quiet) return true;
            await Task.Delay(20, _stop.Token).ConfigureAwait(false);
        }
        return false;
    }

    /// <summary>
    /// Speaks <paramref name="samples"/> (8 kHz, whole 20 ms frames) and returns the agent's reply latency: from the
    /// send of the last speech packet to the arrival of the first voiced agent packet after it; null when no reply came
    /// within <paramref name="max"/>. <paramref name="overlapped"/> says the agent was already speaking when the speech ended.
    /// </summary>
    public async Task<(TimeSpan? Latency, bool Overlapped)> SpeakAndTimeReplyAsync(short[] samples, TimeSpan max)
    {
        var sent = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reply = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _speech = samples;
            _speechOffset = 0;
            _speechSent = sent;
            _reply = reply;
            _speechEnd = 0;
        }
        var speechSeconds = samples.Length / 8000.0;
        var end = await sent.Task.WaitAsync(TimeSpan.FromSeconds(speechSeconds + 10), _stop.Token).ConfigureAwait(false);
        bool overlapped;
        lock (_gate) overlapped = _overlapped;
        try
        {
            var first = await reply.Task.WaitAsync(max, _stop.Token).ConfigureAwait(false);
            return (_time.GetElapsedTime(end, first), overlapped);
        }
        catch (TimeoutException)
        {
            lock (_gate) _reply = null;
            return (null, overlapped);
        }
    }

    void IMediaClockParticipant.OnTick(long tick, TimeSpan elapsed)
    {
        lock (_gate)
        {
            if (_remote is null) return;
            var speaking = _speech is not null;
            if (speaking)
            {
                var count = Math.Min(RtpSession.SamplesPerFrame, _speech!.Length - _speechOffset);
                MuLaw.Encode(_speech.AsSpan(_speechOffset, count), _payload);
                _payload.AsSpan(count).Fill(MuLawSilence);
                _speechOffset += count;
            }
            else
            {
                _payload.AsSpan().Fill(MuLawSilence);
            }
            var packet = new RtpPacket(false, Pcmu, _sequence++, (uint)(tick * RtpSession.SamplesPerFrame), _ssrc, _payload);
            var length = packet.WriteTo(_sendBuffer);
            try
            {
                _rtp.SendTo(_sendBuffer.AsSpan(0, length), SocketFlags.None, _remote);
            }
            catch (SocketException)
            {
                // A refused datagram (the server's port closed at hang-up) is not the phone's problem.
            }
            if (speaking && _speechOffset >= _speech!.Length)
            {
                _speech = null;
                _speechEnd = _time.GetTimestamp();
                _overlapped = _lastVoiced != 0 && _time.GetElapsedTime(_lastVoiced, _speechEnd) < TimeSpan.FromMilliseconds(100);
                _speechSent?.TrySetResult(_speechEnd);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_registered) _clock.Unregister(this);
        if (Call is { IsEnded: false } call)
        {
            try
            {
                await call.HangupAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or SipDialogException or OperationCanceledException)
            {
            }
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        _rtp.Dispose();
        _rtcp.Dispose();
        try
        {
            await _receive.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
        await _endpoint.DisposeAsync().ConfigureAwait(false);
        await _layer.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[2048];
        var samples = new short[2048];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _rtp.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // ICMP errors surface here on Linux; the socket is still good.
            }
            var now = _time.GetTimestamp();
            var datagram = buffer.AsSpan(0, received.ReceivedBytes);
            if (RtpPacket.LooksLikeRtcp(datagram) || !RtpPacket.TryParse(datagram, out var packet) || packet.PayloadType != Pcmu) continue;
            Interlocked.Increment(ref _packetsReceived);
            var pcm = samples.AsSpan(0, packet.Payload.Length);
            MuLaw.Decode(packet.Payload, pcm);
            if (Rms(pcm) <= VoicedRms) continue;
            Interlocked.Increment(ref _voicedPackets);
            lock (_gate)
            {
                _lastVoiced = now;
                if (_reply is not null && _speechEnd != 0 && now > _speechEnd)
                {
                    _reply.TrySetResult(now);
                    _reply = null;
                }
            }
        }
    }

    private static double Rms(ReadOnlySpan<short> pcm)
    {
        if (pcm.IsEmpty) return 0;
        double sum = 0;
        foreach (var s in pcm) sum += (double)s * s;
        return Math.Sqrt(sum / pcm.Length);
    }
}
