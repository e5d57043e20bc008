using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Transport;

namespace Switchboard.Sip.Tests.Transport;

public sealed class SipUdpTransportTests
{
    public static TheoryData<string> Loopbacks => new() { "127.0.0.1", "::1" };

    [Theory]
    [MemberData(nameof(Loopbacks))]
    public async Task Delivers_request_with_received_and_rport_and_sends_response_back(string loopback)
    {
        IPAddress address = IPAddress.Parse(loopback);
        var channel = Channel.CreateBounded<SipInboundMessage>(16);
        await using var transport = new SipUdpTransport(new SipTransportOptions { BindAddress = address, Port = 0 });
        transport.Start(channel.Writer);
        using var peer = new UdpClient(new IPEndPoint(address, 0));
        await peer.SendAsync(TransportTestMessages.Options("u1"), transport.LocalEndPoint.ToIPEndPoint(), TransportTestMessages.Bounded());

        SipInboundMessage inbound = await channel.Reader.ReadAsync(TransportTestMessages.Bounded());
        var request = Assert.IsType<SipRequest>(inbound.Message);
        var peerEndPoint = (IPEndPoint)peer.Client.LocalEndPoint!;
        Assert.Equal(SipTransportKind.Udp, inbound.Transport);
        Assert.Equal(peerEndPoint.Port, inbound.Remote.Port);
        Assert.Equal(transport.LocalEndPoint, inbound.Local);
        Assert.Equal(address.ToString(), request.TopVia!.Received);
        Assert.Equal(peerEndPoint.Port, request.TopVia.RPort);

        // §18.2.2 with rport: the response goes to received:rport, i.e. back to the peer socket.
        SipEndPoint target = SipViaProcessor.ResolveResponseTarget(request.TopVia, reliable: false, inbound.Remote);
        Assert.Equal(inbound.Remote, target);
        Assert.True(transport.TrySend(SipResponseFactory.CreateResponse(request, 200, toTag: "t1"), target));
        UdpReceiveResult reply = await peer.ReceiveAsync(TransportTestMessages.Bounded());
        Assert.StartsWith("SIP/2.0 200 OK\r\n", Encoding.UTF8.GetString(reply.Buffer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_with_a_via_is_answered_400_and_unanswerable_garbage_and_a_malformed_ack_are_dropped()
    {
        var channel = Channel.CreateBounded<SipInboundMessage>(16);
        await using var transport = new SipUdpTransport(new SipTransportOptions { BindAddress = IPAddress.Loopback, Port = 0 });
        transport.Start(channel.Writer);
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        IPEndPoint to = transport.LocalEndPoint.ToIPEndPoint();

        await peer.SendAsync("\x01\x02 not sip at all\r\n\r\n"u8.ToArray(), to, TransportTestMessages.Bounded());
        await peer.SendAsync(TransportTestMessages.MalformedAck(), to, TransportTestMessages.Bounded());
        await peer.SendAsync(TransportTestMessages.MissingCSeq(), to, TransportTestMessages.Bounded());
        UdpReceiveResult reply = await peer.ReceiveAsync(TransportTestMessages.Bounded());
        string text = Encoding.UTF8.GetString(reply.Buffer);
        Assert.StartsWith("SIP/2.0 400 ", text, StringComparison.Ordinal);
        Assert.Contains("branch=z9hG4bKbad1", text, StringComparison.Ordinal);

        // Nothing was delivered, and the first two datagrams produced no reply (the next one we see is for a valid request).
        Assert.False(channel.Reader.TryRead(out _));
        await peer.SendAsync(TransportTestMessages.Options("u2"), to, TransportTestMessages.Bounded());
        SipInboundMessage inbound = await channel.Reader.ReadAsync(TransportTestMessages.Bounded());
        Assert.Equal("call-u2", inbound.Message.CallId);
        Assert.Equal(0, peer.Available);
    }

    [Fact]
    public async Task Dispose_releases_the_port()
    {
        var first = new SipUdpTransport(new SipTransportOptions { BindAddress = IPAddress.Loopback, Port = 0 });
        first.Start(Channel.CreateBounded<SipInboundMessage>(1).Writer);
        int port = first.LocalEndPoint.Port;
        await first.DisposeAsync();
        await using var second = new SipUdpTransport(new SipTransportOptions { BindAddress = IPAddress.Loopback, Port = port });
        Assert.Equal(port, second.LocalEndPoint.Port);
    }

    [Fact]
    public async Task Refuses_to_send_across_address_families_and_oversized_datagrams()
    {
        await using var transport = new SipUdpTransport(new SipTransportOptions { BindAddress = IPAddress.Loopback, Port = 0 });
        var request = (SipRequest)Switchboard.Sip.Parsing.SipParser.Parse(
            TransportTestMessages.Options("u3"), Switchboard.Sip.Parsing.SipParserOptions.Datagram);
        Assert.False(transport.TrySend(request, new SipEndPoint(IPAddress.IPv6Loopback, 5060)));
        request.Body = new byte[70_000];
        Assert.False(transport.TrySend(request, new SipEndPoint(IPAddress.Loopback, 5060)));
    }

    [Fact]
    public void Invalid_options_throw_argument_exceptions()
    {
        Assert.Throws<ArgumentException>(() => new SipUdpTransport(new SipTransportOptions { Port = 70000 }));
        Assert.Throws<ArgumentNullException>(() => new SipUdpTransport(null!));
    }
}
