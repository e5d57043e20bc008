using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Switchboard.Server.Tests.Telephony;

/// <summary>Sends one hand-written INVITE over UDP and returns the server's final response as wire text (headers checked byte for byte).</summary>
internal static class RawSipClient
{
    public static async Task<string> InviteAsync(int serverPort, string number, bool withSdp = true)
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var local = (IPEndPoint)udp.Client.LocalEndPoint!;
        var sdp = withSdp
            ? "v=0\r\no=raw 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
            : "";
        var branch = "z9hG4bK" + Guid.NewGuid().ToString("N")[..12];
        var invite = $"INVITE sip:{number}@127.0.0.1:{serverPort} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP 127.0.0.1:{local.Port};branch={branch};rport\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: <sip:raw@127.0.0.1:{local.Port}>;tag=raw{branch[7..]}\r\n" +
            $"To: <sip:{number}@127.0.0.1>\r\n" +
            $"Call-ID: {Guid.NewGuid():N}@127.0.0.1\r\n" +
            "CSeq: 1 INVITE\r\n" +
            $"Contact: <sip:raw@127.0.0.1:{local.Port}>\r\n" +
            (withSdp ? "Content-Type: application/sdp\r\n" : "") +
            $"Content-Length: {Encoding.ASCII.GetByteCount(sdp)}\r\n\r\n" + sdp;
        var bytes = Encoding.ASCII.GetBytes(invite);
        await udp.SendAsync(bytes, new IPEndPoint(IPAddress.Loopback, serverPort));
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var received = await udp.ReceiveAsync(guard.Token);
            var text = Encoding.ASCII.GetString(received.Buffer);
            if (text.StartsWith("SIP/2.0 1", StringComparison.Ordinal)) continue;
            return text;
        }
    }
}
