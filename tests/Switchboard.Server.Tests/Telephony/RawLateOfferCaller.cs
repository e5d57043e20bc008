using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Switchboard.Server.Tests.Telephony;

/// <summary>
/// A hand-written caller that sends an INVITE without SDP (a late offer): it reads the server's offer from the 200,
/// answers in the ACK with PCMU towards its own RTP socket, counts the RTP that arrives there, and hangs up with BYE.
/// </summary>
internal sealed class RawLateOfferCaller : IDisposable
{
    private readonly UdpClient _sip = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly UdpClient _rtp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly string _callId = Guid.NewGuid().ToString("N") + "@127.0.0.1";
    private readonly string _fromTag = "late" + Guid.NewGuid().ToString("N")[..8];
    private IPEndPoint _server = null!;
    private string _number = "";
    private string _to = "";
    private string _target = "";

    private int SipPort => ((IPEndPoint)_sip.Client.LocalEndPoint!).Port;

    public int RtpPort => ((IPEndPoint)_rtp.Client.LocalEndPoint!).Port;

    /// <summary>Sends the INVITE and returns the final response as wire text.</summary>
    public async Task<string> InviteAsync(int serverPort, string number)
    {
        _server = new IPEndPoint(IPAddress.Loopback, serverPort);
        _number = number;
        await SendAsync(Request("INVITE", $"sip:{number}@127.0.0.1:{serverPort}", 1, $"<sip:{number}@127.0.0.1>", null));
        string final = await FinalResponseAsync("INVITE");
        _to = Header(final, "To");
        _target = Header(final, "Contact").Trim('<', '>');
        return final;
    }

    /// <summary>Acknowledges the 200, with an SDP answer (PCMU and telephone-event to our RTP socket) or without one.</summary>
    public Task AckAsync(bool withAnswer)
    {
        string? sdp = withAnswer
            ? $"v=0\r\no=late 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio {RtpPort} RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
            : null;
        return SendAsync(Request("ACK", _target, 1, _to, sdp));
    }

    /// <summary>Counts RTP packets arriving at our RTP socket until <paramref name="wanted"/> came or the time is up.</summary>
    public async Task<int> ReceiveRtpAsync(int wanted, TimeSpan max, bool untilSpeechEnds = false)
    {
        using var guard = new CancellationTokenSource(max);
        int count = 0;
        bool heardSpeech = false;
        int quietRun = 0;
        try
        {
            // With untilSpeechEnds, go on past `wanted` until speech was heard and a second of silence followed it:
            // how long the agent takes to start speaking depends on the machine's load.
            while (count < wanted || (untilSpeechEnds && !(heardSpeech && quietRun >= 50)))
            {
                UdpReceiveResult packet = await _rtp.ReceiveAsync(guard.Token);
                if (packet.Buffer.Length > 12 && (packet.Buffer[0] >> 6) == 2 && (packet.Buffer[1] & 0x7F) == 0)
                {
                    count++;
                    bool voiced = IsVoiced(packet.Buffer.AsSpan(12));
                    heardSpeech |= voiced;
                    quietRun = voiced ? 0 : quietRun + 1;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return count;
    }

    // μ-law codes 0x70–0x7F and 0xF0–0xFF are within about ±120 of zero in 16-bit PCM: silence or comfort noise.
    private static bool IsVoiced(ReadOnlySpan<byte> payload)
    {
        foreach (byte code in payload)
        {
            if ((code & 0x7F) < 0x70) return true;
        }

        return false;
    }

    /// <summary>Waits for a request from the server (e.g. its BYE) and answers it 200.</summary>
    public async Task<string> ReceiveRequestAsync(string method, TimeSpan max)
    {
        using var guard = new CancellationTokenSource(max);
        while (true)
        {
            UdpReceiveResult received = await _sip.ReceiveAsync(guard.Token);
            string text = Encoding.ASCII.GetString(received.Buffer);
            if (!text.StartsWith(method + " ", StringComparison.Ordinal)) continue;
            string ok = "SIP/2.0 200 OK\r\n" + string.Concat(
                new[] { "Via", "From", "To", "Call-ID", "CSeq" }.Select(h => $"{h}: {Header(text, h)}\r\n")) + "Content-Length: 0\r\n\r\n";
            await _sip.SendAsync(Encoding.ASCII.GetBytes(ok), received.RemoteEndPoint);
            return text;
        }
    }

    public async Task<string> ByeAsync()
    {
        await SendAsync(Request("BYE", _target, 2, _to, null));
        return await FinalResponseAsync("BYE");
    }

    public void Dispose()
    {
        _sip.Dispose();
        _rtp.Dispose();
    }

    private string Request(string method, string uri, int cseq, string to, string? sdp)
    {
        string branch = "z9hG4bK" + Guid.NewGuid().ToString("N")[..12];
        string body = sdp ?? "";
        return $"{method} {uri} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP 127.0.0.1:{SipPort};branch={branch};rport\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: <sip:late@127.0.0.1:{SipPort}>;tag={_fromTag}\r\n" +
            $"To: {to}\r\n" +
            $"Call-ID: {_callId}\r\n" +
            $"CSeq: {cseq} {method}\r\n" +
            $"Contact: <sip:late@127.0.0.1:{SipPort}>\r\n" +
            (sdp is null ? "" : "Content-Type: application/sdp\r\n") +
            $"Content-Length: {Encoding.ASCII.GetByteCount(body)}\r\n\r\n" + body;
    }

    private Task SendAsync(string text) => _sip.SendAsync(Encoding.ASCII.GetBytes(text), _server).AsTask();

    private async Task<string> FinalResponseAsync(string method)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            UdpReceiveResult received = await _sip.ReceiveAsync(guard.Token);
            string text = Encoding.ASCII.GetString(received.Buffer);
            if (text.StartsWith("SIP/2.0 1", StringComparison.Ordinal) || !text.StartsWith("SIP/2.0 ", StringComparison.Ordinal)) continue;
            if (Header(text, "CSeq").EndsWith(" " + method, StringComparison.Ordinal)) return text;
        }
    }

    private static string Header(string message, string name)
    {
        foreach (string line in message.Split("\r\n"))
        {
            if (line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)) return line[(name.Length + 1)..].Trim();
        }

        throw new InvalidOperationException($"No {name} header in:\n{message}");
    }
}
