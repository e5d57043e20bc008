using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Transport;

namespace Switchboard.Sip.Tests.Transport;

public sealed class SipTcpTransportTests
{
    public static TheoryData<string> Loopbacks => new() { "127.0.0.1", "::1" };

    [Theory]
    [MemberData(nameof(Loopbacks))]
    public async Task Frames_messages_split_across_segments_and_coalesced(string loopback)
    {
        IPAddress address = IPAddress.Parse(loopback);
        var channel = Channel.CreateBounded<SipInboundMessage>(16);
        await using var transport = new SipTcpTransport(new SipTransportOptions { BindAddress = address, Port = 0 });
        transport.Start(channel.Writer);
        using var client = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await client.ConnectAsync(transport.LocalEndPoint.ToIPEndPoint(), TransportTestMessages.Bounded());

        byte[] one = TransportTestMessages.Options("t1", body: "hello");
        // Split in three segments, one cut inside the header section and one inside the body.
        await client.SendAsync(one.AsMemory(0, 40), SocketFlags.None);
        await Task.Delay(20);
        await client.SendAsync(one.AsMemory(40, one.Length - 43), SocketFlags.None);
        await Task.Delay(20);
        await client.SendAsync(one.AsMemory(one.Length - 3), SocketFlags.None);
        SipInboundMessage first = await channel.Reader.ReadAsync(TransportTestMessages.Bounded());
        Assert.Equal("call-t1", first.Message.CallId);
        Assert.Equal("hello", Encoding.UTF8.GetString(first.Message.Body.Span));
        Assert.Equal(SipTransportKind.Tcp, first.Transport);

        // Two messages and a keep-alive in one segment.
        byte[] coalesced = [.. TransportTestMessages.Options("t2"), .. "\r\n\r\n"u8, .. TransportTestMessages.Options("t3", body: "xyz")];
        await client.SendAsync(coalesced, SocketFlags.None);
        SipInboundMessage second = await channel.Reader.ReadAsync(TransportTestMessages.Bounded());
        SipInboundMessage third = await channel.Reader.ReadAsync(TransportTestMessages.Bounded());
        Assert.Equal("call-t2", second.Message.CallId);
        Assert.Equal("call-t3", third.Message.CallId);
        Assert.Equal("xyz", Encoding.UTF8.GetString(third.Message.Body.Span));

        // The response reuses the same connection.
        var request = (SipRequest)third.Message;
        Assert.True(transport.TrySend(SipResponseFactory.CreateResponse(request, 200, toTag: "x"), third.Remote));
        string reply = await ReadUntilAsync(client, "\r\n\r\n");
        Assert.Contains("SIP/2.0 200 OK", reply, StringComparison.Ordinal);
        Assert.Equal(1, transport.ConnectionCount);
    }

    [Fact]
    public async Task Oversized_message_closes_the_connection_without_delivering()
    {
        var channel = Channel.CreateBounded<SipInboundMessage>(16);
        await using var transport = new SipTcpTransport(new SipTransportOptions { BindAddress = IPAddress.Loopback, Port = 0, MaxTcpMessageSize = 1000 });
        transport.Start(channel.Writer);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(transport.LocalEndPoint.ToIPEndPoint(), TransportTestMessages.Bounded());
        await client.SendAsync(TransportTestMessages.Options("big", body: new string('a', 2000)), SocketFlags.None);

        Assert.True(await IsClosedByPeerAsync(client));
        Assert.False(channel.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Message_without_content_length_cannot_be_framed_and_closes_the_connection()
    {
        var channel = Channel.CreateBounded<SipInboundMessage>(16);
        await using var transport = new SipTcpTransport(new SipTransportOptions { BindAddress = IPAddress.Loopback, Port = 0 });
        transport.Start(channel.Writer);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(transport.LocalEndPoint.ToIPEndPoint(), TransportTestMessages.Bounded());
        string noLength = Encoding.UTF8.GetString(TransportTestMessages.Options("nolen")).Replace("Content-Length: 0\r\n", string.Empty, StringComparison.Ordinal);
        await client.SendAsync(Encoding.UTF8.GetBytes(noLength), SocketFlags.None);
        Assert.True(await IsClosedByPeerAsync(client));
        Assert.False(channel.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Invalid_request_is_answered_400_on_the_connection_and_the_stream_continues()
    {
        var channel = Channel.CreateBounded<SipInboundMessage>(16);
        await using var transport = new SipTcpTransport(new SipTransportOptions { BindAddress = IPAddress.Loopback, Port = 0 });
        transport.Start(channel.Writer);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(transport.LocalEndPoint.ToIPEndPoint(), TransportTestMessages.Bounded());
        await client.SendAsync(TransportTestMessages.MissingCSeq(), SocketFlags.None);
        string reply = await ReadUntilAsync(client, "\r\n\r\n");
        Assert.StartsWith("SIP/2.0 400 ", reply, StringComparison.Ordinal);

        await client.SendAsync(TransportTestMessages.Options("after"), SocketFlags.None);
        SipInboundMessage inbound = await channel.Reader.ReadAsync(TransportTestMessages.Bounded());
        Assert.Equal("call-after", inbound.Message.CallId);
    }

    [Fact]
    public async Task Connects_out_and_reuses_the_connection_for_the_reply()
    {
        var serverChannel = Channel.CreateBounded<SipInboundMessage>(16);
        var clientChannel = Channel.CreateBounded<SipInboundMessage>(16);
        await using var server = new SipTcpTransport(new SipTransportOptions { BindAddress = IPAddress.IPv6Loopback, Port = 0 });
        await using var client = new SipTcpTransport(new SipTransportOptions { BindAddress = IPAddress.IPv6Loopback, Port = 0 });
        server.Start(serverChannel.Writer);
        client.Start(clientChannel.Writer);
        var request = (SipRequest)Switchboard.Sip.Parsing.SipParser.Parse(TransportTestMessages.Options("out"), Switchboard.Sip.Parsing.SipParserOptions.Datagram);

        Assert.True(client.TrySend(request, server.LocalEndPoint));
        SipInboundMessage atServer = await serverChannel.Reader.ReadAsync(TransportTestMessages.Bounded());
        Assert.True(server.TrySend(SipResponseFactory.CreateResponse((SipRequest)atServer.Message, 200, toTag: "y"), atServer.Remote));
        SipInboundMessage atClient = await clientChannel.Reader.ReadAsync(TransportTestMessages.Bounded());
        Assert.Equal(200, Assert.IsType<SipResponse>(atClient.Message).StatusCode);
        Assert.Equal(server.LocalEndPoint, atClient.Remote);
        Assert.Equal(1, client.ConnectionCount);
        Assert.Equal(1, server.ConnectionCount);
    }

    [Fact]
    public async Task Idle_connections_are_closed_on_virtual_time()
    {
        var time = new FakeTimeProvider();
        var channel = Channel.CreateBounded<SipInboundMessage>(16);
        await using var transport = new SipTcpTransport(
            new SipTransportOptions { BindAddress = IPAddress.Loopback, Port = 0, TcpIdleTimeout = TimeSpan.FromSeconds(40) }, time);
        transport.Start(channel.Writer);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(transport.LocalEndPoint.ToIPEndPoint(), TransportTestMessages.Bounded());
        await client.SendAsync(TransportTestMessages.Options("idle"), SocketFlags.None);
        await channel.Reader.ReadAsync(TransportTestMessages.Bounded());

        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(1, transport.ConnectionCount);
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(await IsClosedByPeerAsync(client));
    }

    [Fact]
    public async Task Dispose_releases_the_listening_port()
    {
        var first = new SipTcpTransport(new SipTransportOptions { BindAddress = IPAddress.Loopback, Port = 0 });
        first.Start(Channel.CreateBounded<SipInboundMessage>(1).Writer);
        int port = first.LocalEndPoint.Port;
        await first.DisposeAsync();
        await using var second = new SipTcpTransport(new SipTransportOptions { BindAddress = IPAddress.Loopback, Port = port });
        Assert.Equal(port, second.LocalEndPoint.Port);
    }

    /// <summary>True on an orderly close or a reset (a close with unread data in the server's buffer sends RST).</summary>
    private static async Task<bool> IsClosedByPeerAsync(Socket client)
    {
        try
        {
            return await client.ReceiveAsync(new byte[256], SocketFlags.None, TransportTestMessages.Bounded()) == 0;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }

    private static async Task<string> ReadUntilAsync(Socket socket, string terminator)
    {
        var sb = new StringBuilder();
        byte[] buffer = new byte[4096];
        CancellationToken ct = TransportTestMessages.Bounded();
        while (!sb.ToString().Contains(terminator, StringComparison.Ordinal))
        {
            int read = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
            if (read == 0)
            {
                break;
            }

            sb.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return sb.ToString();
    }
}
