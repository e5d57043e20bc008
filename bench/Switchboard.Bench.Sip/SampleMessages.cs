namespace Switchboard.Bench.Sip;

internal static class SampleMessages
{
    public const string Invite =
        "INVITE sip:+15550100@198.51.100.10:5060 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bK776asdhds;rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: <sip:+15550100@198.51.100.10>\r\n" +
        "From: \"Alice\" <sip:+15550123@203.0.113.5>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710@203.0.113.5\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:+15550123@203.0.113.5:5060>\r\n" +
        "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REFER, NOTIFY\r\n" +
        "User-Agent: bench/1.0\r\n" +
        "X-Customer-Id: 42\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 240\r\n" +
        "\r\n" +
        "v=0\r\n" +
        "o=alice 2890844526 2890844526 IN IP4 203.0.113.5\r\n" +
        "s=-\r\n" +
        "c=IN IP4 203.0.113.5\r\n" +
        "t=0 0\r\n" +
        "m=audio 49170 RTP/AVP 0 8 101\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n" +
        "a=fmtp:101 0-16\r\n" +
        "a=ptime:20\r\n" +
        "a=sendrecv\r\n";

    public const string Ok =
        "SIP/2.0 200 OK\r\n" +
        "Via: SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bK776asdhds;rport=5060;received=203.0.113.5\r\n" +
        "To: <sip:+15550100@198.51.100.10>;tag=a6c85cf\r\n" +
        "From: \"Alice\" <sip:+15550123@203.0.113.5>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710@203.0.113.5\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:agent@198.51.100.10:5060>\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n";

    public const string Bye =
        "BYE sip:agent@198.51.100.10:5060 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bKnashds7\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: <sip:+15550100@198.51.100.10>;tag=a6c85cf\r\n" +
        "From: \"Alice\" <sip:+15550123@203.0.113.5>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710@203.0.113.5\r\n" +
        "CSeq: 314160 BYE\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n";
}
