using System.Net;
using Switchboard.Realtime.Transports.Sip;
using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Rtp;
using Switchboard.Sip.Sdp;
using Switchboard.Sip.Transactions;
using Switchboard.Sip.Transport;
using Switchboard.Sip.Uris;

namespace Switchboard.Realtime.Tests.Transports.Sip;

/// <summary>
/// Two real SIP user agents on 127.0.0.1 (UDP, real sockets, one shared media clock): the "agent" side answers with a
/// <see cref="SipMediaChannel"/>, the other is a <see cref="SipTestPhone"/> that calls it.
/// </summary>
internal sealed class SipLoopback : IAsyncDisposable
{
    private static int s_nextRange = 47000;

    private readonly SipTransactionLayer _agentLayer;
    private readonly SipTransactionLayer _phoneLayer;
    private readonly List<IAsyncDisposable> _owned = [];

    /// <param name="phoneAllow">The phone's Allow header; without REFER the phone refuses transfers with 405.</param>
    public SipLoopback(string? phoneAllow = null)
    {
        // A range of our own per rig, so parallel rigs (and the SIP tests' own ranges) never wait on each other's ports.
        var min = Interlocked.Add(ref s_nextRange, 40) - 40;
        Ports = new RtpPortAllocator(new RtpPortAllocatorOptions { BindAddress = IPAddress.Loopback, MinPort = min, MaxPort = min + 39 });
        (_agentLayer, AgentEndpoint, AgentPort) = CreateEndpoint("agent");
        (_phoneLayer, PhoneEndpoint, PhonePort) = CreateEndpoint("phone", phoneAllow);
    }

    public MediaClock Clock { get; } = new();

    public RtpPortAllocator Ports { get; }

    public SipCallEndpoint AgentEndpoint { get; }

    public int AgentPort { get; }

    public SipCallEndpoint PhoneEndpoint { get; }

    public int PhonePort { get; }

    public CancellationTokenSource Guard { get; } = new(TimeSpan.FromMinutes(2));

    /// <summary>The phone calls the agent side, which answers with a channel; both are owned by the rig unless disposed earlier.</summary>
    public async Task<(SipMediaChannel Channel, SipTestPhone Phone)> ConnectAsync(SipMediaChannelOptions? options = null, bool phoneOffersTelephoneEvent = true)
    {
        var phone = await SipTestPhone.DialAsync(this, phoneOffersTelephoneEvent);
        _owned.Add(phone);
        var incoming = await AgentEndpoint.IncomingCalls.ReadAsync(Guard.Token);
        var lease = Ports.Allocate();
        var negotiator = new SdpNegotiator(new SdpNegotiatorOptions(), IPAddress.Loopback, lease.RtpPort);
        var answer = negotiator.CreateAnswer(incoming.Offer!);
        Assert.True(answer.IsSuccess, answer.FailureReason);
        var rtp = new RtpSession(answer.Audio!, lease, Clock, SipMediaChannel.CreateRtpOptions());
        var call = await incoming.AcceptAsync(negotiator, Guard.Token);
        var channel = new SipMediaChannel(call, rtp, options);
        _owned.Add(channel);
        await phone.AnsweredAsync();
        return (channel, phone);
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--) await _owned[i].DisposeAsync();
        await AgentEndpoint.DisposeAsync();
        await PhoneEndpoint.DisposeAsync();
        await _agentLayer.DisposeAsync();
        await _phoneLayer.DisposeAsync();
        await Clock.DisposeAsync();
        Guard.Dispose();
    }

    private static (SipTransactionLayer, SipCallEndpoint, int) CreateEndpoint(string user, string? allow = null)
    {
        var udp = new SipUdpTransport(new SipTransportOptions { BindAddress = IPAddress.Loopback, Port = 0 });
        var layer = new SipTransactionLayer([udp]);
        layer.Start();
        var port = udp.LocalEndPoint.Port;
        var contact = SipUri.Parse($"sip:{user}@127.0.0.1:{port}");
        var endpoint = new SipCallEndpoint(layer, allow is null
            ? new SipCallEndpointOptions { Contact = contact }
            : new SipCallEndpointOptions { Contact = contact, Allow = allow });
        endpoint.Start();
        return (layer, endpoint, port);
    }

    internal static NameAddress PhoneAddress(int port) => NameAddress.Parse($"<sip:phone@127.0.0.1:{port}>");
}
