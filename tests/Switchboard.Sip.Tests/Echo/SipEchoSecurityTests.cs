using System.Net;
using System.Net.Sockets;
using System.Text;
using Switchboard.Sip.Echo;
using Switchboard.Sip.Tests.Transport;

namespace Switchboard.Sip.Tests.Echo;

/// <summary>
/// <c>switchboard sip echo</c>'s protections over real UDP: an allow-list, the flood guard and the scanner filter. A
/// request from a second loopback address (127.0.0.2) is the sentinel: once its answer is back, the server has handled
/// every datagram sent before it, so what the first socket received by then is all it will get.
/// </summary>
public sealed class SipEchoSecurityTests
{
    [Fact]
    public async Task Only_allowed_sources_are_answered_the_others_are_challenged()
    {
        using var stop = new CancellationTokenSource();
        var (server, run) = await StartAsync(new SipEchoServerOptions { AllowFrom = ["192.0.2.0/24"] }, stop.Token);
        var (open, openRun) = await StartAsync(new SipEchoServerOptions { AllowFrom = ["127.0.0.0/8"] }, stop.Token, rtpBase: 43460);
        await using (server)
        await using (open)
        {
            using var caller = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            Assert.StartsWith("SIP/2.0 401 ", await InviteAsync(caller, server.Port), StringComparison.Ordinal);
            Assert.StartsWith("SIP/2.0 200 ", await InviteAsync(caller, open.Port), StringComparison.Ordinal);
            await stop.CancelAsync();
            await Task.WhenAll(run, openRun);
        }
    }

    [Fact]
    public async Task The_flood_guard_stops_answering_a_source_past_its_limit_and_scanners_are_dropped()
    {
        using var stop = new CancellationTokenSource();
        var (server, run) = await StartAsync(new SipEchoServerOptions { FloodLimitPer2Seconds = 3 }, stop.Token);
        await using var owned = server;
        var to = new IPEndPoint(IPAddress.Loopback, server.Port);
        using var flooder = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var sentinel = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        for (int i = 0; i < 10; i++) await flooder.SendAsync(TransportTestMessages.Options("fl" + i), to);
        var scanner = Encoding.UTF8.GetString(TransportTestMessages.Options("scan")).Replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\nUser-Agent: friendly-scanner\r\n", StringComparison.Ordinal);
        await sentinel.SendAsync(Encoding.UTF8.GetBytes(scanner), to);
        await sentinel.SendAsync(TransportTestMessages.Options("sentinel"), to);

        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        string answer = Encoding.UTF8.GetString((await sentinel.ReceiveAsync(guard.Token)).Buffer);
        Assert.Contains("call-sentinel", answer, StringComparison.Ordinal); // the scanner's OPTIONS got nothing
        int answered = 0;
        while (flooder.Available > 0)
        {
            _ = await flooder.ReceiveAsync(guard.Token);
            answered++;
        }

        Assert.Equal(3, answered);
        await stop.CancelAsync();
        await run;
    }

    private static async Task<(SipEchoServer Server, Task Run)> StartAsync(SipEchoServerOptions options, CancellationToken stop, int rtpBase = 43400)
    {
        options.BindAddress = IPAddress.Loopback;
        options.Port = 0;
        options.RtpMinPort = rtpBase;
        options.RtpMaxPort = rtpBase + 49;
        var server = new SipEchoServer(options, TextWriter.Null);
        await server.StartAsync();
        return (server, server.RunAsync(stop));
    }

    private static async Task<string> InviteAsync(UdpClient caller, int port)
    {
        var local = (IPEndPoint)caller.Client.LocalEndPoint!;
        const string sdp = "v=0\r\no=t 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
        string branch = "z9hG4bK" + Guid.NewGuid().ToString("N")[..12];
        string invite = $"INVITE sip:echo@127.0.0.1:{port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{local.Port};branch={branch};rport\r\n" +
            $"Max-Forwards: 70\r\nFrom: <sip:t@127.0.0.1>;tag=t{branch[7..]}\r\nTo: <sip:echo@127.0.0.1>\r\nCall-ID: {branch}@t\r\nCSeq: 1 INVITE\r\n" +
            $"Contact: <sip:t@127.0.0.1:{local.Port}>\r\nContent-Type: application/sdp\r\nContent-Length: {sdp.Length}\r\n\r\n{sdp}";
        await caller.SendAsync(Encoding.ASCII.GetBytes(invite), new IPEndPoint(IPAddress.Loopback, port));
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            string text = Encoding.ASCII.GetString((await caller.ReceiveAsync(guard.Token)).Buffer);
            // The same socket may still hear an earlier INVITE's 401, which its server retransmits (no ACK is sent): a
            // slow answer here once read that one instead of its own.
            if (!text.Contains($"Call-ID: {branch}@t", StringComparison.Ordinal)) continue;
            if (!text.StartsWith("SIP/2.0 1", StringComparison.Ordinal)) return text;
        }
    }
}
