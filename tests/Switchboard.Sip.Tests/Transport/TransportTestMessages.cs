using System.Text;

namespace Switchboard.Sip.Tests.Transport;

internal static class TransportTestMessages
{
    public static byte[] Options(string branch, string sentBy = "192.0.2.10:5070", string extraVia = ";rport", string body = "")
    {
        string text =
            $"OPTIONS sip:uas@example.com SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP {sentBy};branch=z9hG4bK{branch}{extraVia}\r\n" +
            "Max-Forwards: 70\r\n" +
            "To: <sip:uas@example.com>\r\n" +
            "From: <sip:uac@example.com>;tag=1928301774\r\n" +
            $"Call-ID: call-{branch}\r\n" +
            "CSeq: 1 OPTIONS\r\n" +
            (body.Length > 0 ? "Content-Type: text/plain\r\n" : string.Empty) +
            $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n" + body;
        return Encoding.UTF8.GetBytes(text);
    }

    /// <summary>Missing CSeq: the parser says answer 400.</summary>
    public static byte[] MissingCSeq() => Encoding.UTF8.GetBytes(
        "OPTIONS sip:uas@example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bKbad1\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: <sip:uas@example.com>\r\n" +
        "From: <sip:uac@example.com>;tag=1\r\n" +
        "Call-ID: bad-1\r\n" +
        "Content-Length: 0\r\n\r\n");

    /// <summary>An ACK whose Request-URI is missing (what a UA sends with an empty route); never to be answered.</summary>
    public static byte[] MalformedAck() => Encoding.UTF8.GetBytes(
        "ACK  SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bKbadack\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: <sip:uas@example.com>;tag=2\r\n" +
        "From: <sip:uac@example.com>;tag=1\r\n" +
        "Call-ID: bad-ack\r\n" +
        "CSeq: 1 ACK\r\n" +
        "Content-Length: 0\r\n\r\n");

    public static CancellationToken Bounded(int seconds = 10) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
