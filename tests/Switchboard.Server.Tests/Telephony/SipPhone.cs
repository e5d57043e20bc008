using System.Net;
using Switchboard.Audio.Dtmf;
using Switchboard.Audio.Frames;
using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Rtp;
using Switchboard.Sip.Sdp;
using Switchboard.Sip.Transactions;
using Switchboard.Sip.Transport;
using Switchboard.Sip.Uris;

namespace Switchboard.Server.Tests.Telephony;

/// <summary>
/// A SIP phone on 127.0.0.1 built on our own stack: dials the server, counts the agent's voiced frames, sends and
/// records keypad digits (RFC 4733 and SIP INFO), hangs up.
/// </summary>
internal sealed class SipPhone : IAsyncDisposable
{
    private static int s_nextRange = 47800;

    private readonly SipTransactionLayer _layer;
    private readonly SipCallEndpoint _endpoint;
    private readonly MediaClock _clock = new();
    private readonly RtpPortAllocator _ports;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<SipCallEvent> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _port;
    private readonly bool _telephoneEvents;
    private readonly System.Collections.Concurrent.ConcurrentQueue<char> _rtpDigits = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<char> _infoDigits = new();
    private RtpPortLease? _lease;
    private RtpSession? _rtp;
    private Task _events = Task.CompletedTask;
    private Task _listen = Task.CompletedTask;
    private Task _digits = Task.CompletedTask;
    private long _voiced;

    /// <param name="telephoneEvents">Offer RFC 4733 telephone-event; without it the far end must fall back to SIP INFO.</param>
    public SipPhone(string? user = null, string? password = null, bool telephoneEvents = true)
    {
        _telephoneEvents = telephoneEvents;
        var min = Interlocked.Add(ref s_nextRange, 10) - 10;
        _ports = new RtpPortAllocator(new RtpPortAllocatorOptions { BindAddress = IPAddress.Loopback, MinPort = min, MaxPort = min + 9 });
        var udp = new SipUdpTransport(new SipTransportOptions { BindAddress = IPAddress.Loopback, Port = 0 });
        _port = udp.LocalEndPoint.Port;
        _layer = new SipTransactionLayer([udp]);
        _layer.Start();
        _endpoint = new SipCallEndpoint(_layer, new SipCallEndpointOptions
        {
            Contact = SipUri.Parse($"sip:phone@127.0.0.1:{_port}"),
            AuthUsername = user,
            AuthPassword = password ?? "",
        });
        _endpoint.Start();
    }

    public SipCall Call { get; private set; } = null!;

    public long VoicedFrames => Interlocked.Read(ref _voiced);

    /// <summary>The call's last event (ended, with the final status when it never connected).</summary>
    public Task<SipCallEvent> Ended => _ended.Task;

    public Task Answered => _answered.Task;

    /// <summary>Digits received as RFC 4733 telephone-events, in order.</summary>
    public string RtpDigits => string.Concat(_rtpDigits);

    /// <summary>Digits received as SIP INFO, in order.</summary>
    public string InfoDigits => string.Concat(_infoDigits);

    /// <summary>Whether the answer kept telephone-event (both sides offered it).</summary>
    public bool TelephoneEventsNegotiated => _rtp?.TelephoneEventsNegotiated ?? false;

    /// <summary>Presses <paramref name="digit"/> as an RFC 4733 event (needs telephone-event negotiated).</summary>
    public void PressRtp(char digit) => (_rtp ?? throw new InvalidOperationException("Not answered yet.")).SendDigit(digit);

    /// <summary>Presses <paramref name="digit"/> as an in-band tone in the audio: 120 ms of the DTMF pair, then 200 ms of silence.</summary>
    public async Task PressInBandAsync(char digit)
    {
        var rtp = _rtp ?? throw new InvalidOperationException("Not answered yet.");
        var samples = new short[8000 * 320 / 1000];
        DtmfGenerator.Generate(digit, -6.0, 8000, samples.AsSpan(0, DtmfGenerator.GetSampleCount(TimeSpan.FromMilliseconds(120), 8000)));
        for (var at = 0; at < samples.Length; at += 160)
        {
            await rtp.SendAsync(AudioFrame.Copy(samples.AsSpan(at, 160), 8000, at, DateTimeOffset.UtcNow));
        }
    }

    /// <summary>Presses <paramref name="digit"/> as a SIP INFO (application/dtmf-relay); returns the final status.</summary>
    public Task<int> PressInfoAsync(char digit) => Call.SendDtmfAsync(digit);

    public async Task DialAsync(string number, int serverPort, params (string Name, string Value)[] headers)
    {
        _lease = _ports.Allocate();
        var negotiator = new SdpNegotiator(new SdpNegotiatorOptions { TelephoneEvents = _telephoneEvents }, IPAddress.Loopback, _lease.RtpPort);
        Call = await _endpoint.InviteAsync(SipUri.Parse($"sip:{number}@127.0.0.1:{serverPort}"), NameAddress.Parse($"<sip:+15550001@127.0.0.1:{_port}>"),
            negotiator.CreateOffer(), new SipEndPoint(IPAddress.Loopback, serverPort), headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)));
        _events = WatchAsync(negotiator);
    }

    public async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan max)
    {
        using var limit = new CancellationTokenSource(max);
        while (!condition())
        {
            if (_ended.Task.IsCompleted) return condition();
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

    public async ValueTask DisposeAsync()
    {
        if (Call is not null && !Call.IsEnded)
        {
            try
            {
                await Call.HangupAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is TimeoutException or SipDialogException)
            {
            }
        }
        await _stop.CancelAsync();
        await Task.WhenAll(_events, _listen, _digits);
        if (_rtp is not null) await _rtp.DisposeAsync();
        else _lease?.Dispose();
        await _endpoint.DisposeAsync();
        await _layer.DisposeAsync();
        await _clock.DisposeAsync();
        _stop.Dispose();
    }

    private async Task WatchAsync(SdpNegotiator negotiator)
    {
        try
        {
            await foreach (var e in Call.Events.ReadAllAsync(_stop.Token))
            {
                if (e.Kind == SipCallEventKind.Answered)
                {
                    _rtp = new RtpSession(negotiator.ProcessAnswer(Call.RemoteSdp!), _lease!, _clock);
                    _listen = ListenAsync(_rtp);
                    _digits = CollectDigitsAsync(_rtp);
                    _answered.TrySetResult();
                }
                else if (e.Kind == SipCallEventKind.Dtmf)
                {
                    _infoDigits.Enqueue(e.Digit);
                }
                else if (e.Kind == SipCallEventKind.Ended)
                {
                    _answered.TrySetException(new InvalidOperationException($"not answered: {e.Reason} {e.StatusCode}"));
                    _ended.TrySetResult(e);
                    return;
                }
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
                    if (Rms(frame) > 300) Interlocked.Increment(ref _voiced);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task CollectDigitsAsync(RtpSession rtp)
    {
        try
        {
            await foreach (var digit in rtp.Digits.ReadAllAsync(_stop.Token)) _rtpDigits.Enqueue(digit.Digit);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static double Rms(AudioFrame frame)
    {
        double sum = 0;
        foreach (var s in frame.Samples) sum += (double)s * s;
        return Math.Sqrt(sum / frame.Length);
    }
}
