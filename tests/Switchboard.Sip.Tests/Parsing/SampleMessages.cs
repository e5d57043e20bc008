using System.Text;

namespace Switchboard.Sip.Tests.Parsing;

/// <summary>Our own valid messages, covering what the RFC 4475 set does not: IPv6, tel URIs, Contact *, rport/received, compact forms.</summary>
internal static class SampleMessages
{
    public const string Invite =
        "INVITE sip:bob@[2001:db8::10]:5070;transport=tcp SIP/2.0\r\n" +
        "Via: SIP/2.0/TCP [2001:db8::1]:5060;branch=z9hG4bK776asdhds;rport=5061;received=2001:db8::99\r\n" +
        "Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bK4b43c2ff8.1;maddr=224.2.0.1;ttl=16\r\n" +
        "Max-Forwards: 69\r\n" +
        "Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n" +
        "Record-Route: <sip:rr.example.com;lr>\r\n" +
        "To: \"Bob \\\"the builder\\\"\" <sip:bob@example.com>\r\n" +
        "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:alice@pc33.atlanta.example.com;transport=tcp>;expires=3600;q=0.7\r\n" +
        "Supported: replaces, timer\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 120\r\n" +
        "\r\n" +
        "v=0\r\n" +
        "o=alice 2890844526 2890844526 IN IP6 2001:db8::1\r\n" +
        "s=-\r\n" +
        "c=IN IP6 2001:db8::1\r\n" +
        "t=0 0\r\n" +
        "m=audio 49170 RTP/AVP 0 8 101\r\n";

    public const string RegisterRemoveAll =
        "REGISTER sips:registrar.example.com SIP/2.0\r\n" +
        "v: SIP/2.0/TLS client.example.com:5061;branch=z9hG4bKnashds7\r\n" +
        "Max-Forwards: 70\r\n" +
        "t: <sips:carol@example.com>\r\n" +
        "f: <sips:carol@example.com>;tag=a73kszlfl\r\n" +
        "i: 1j9FpLxk3uxtm8tn@client.example.com\r\n" +
        "CSeq: 1 REGISTER\r\n" +
        "m: *\r\n" +
        "Expires: 0\r\n" +
        "l: 0\r\n" +
        "\r\n";

    public const string OkResponse =
        "SIP/2.0 200 OK\r\n" +
        "Via: SIP/2.0/UDP server10.biloxi.example.com;branch=z9hG4bKnashds8;received=192.0.2.3\r\n" +
        "Via: SIP/2.0/UDP bigbox3.site3.atlanta.example.com;branch=z9hG4bK77ef4c2312983.1;received=192.0.2.2\r\n" +
        "Record-Route: <sip:server10.biloxi.example.com;lr>,\r\n" +
        "  <sip:bigbox3.site3.atlanta.example.com;lr>\r\n" +
        "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n" +
        "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:bob@192.0.2.4>;q=1, \"Second\" <sip:bob@192.0.2.5>;expires=60\r\n" +
        "Warning: 399 example.com \"Folded,\r\n" +
        "\tand with commas\"\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n";

    public const string ByeToTel =
        "BYE tel:+1-201-555-0123;phone-context=example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bKasudf;rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <tel:+1-201-555-0100>;tag=aaa\r\n" +
        "To: <tel:+1-201-555-0123>;tag=bbb\r\n" +
        "Call-ID: xyz\r\n" +
        "CSeq: 2 BYE\r\n" +
        "User-Agent: Switchboard test\r\n" +
        "X-Custom-Header: keep me, in order\r\n" +
        "x-custom-header: second\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n";

    public const string OptionsWithUriHeaders =
        "OPTIONS sip:carol:secret@chicago.example.com:5060;maddr=239.255.255.1;ttl=15;user=ip SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bKhjhs8ass877\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: <sip:carol@chicago.example.com>\r\n" +
        "From: \"\" <sip:alice@example.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710\r\n" +
        "CSeq: 63104 OPTIONS\r\n" +
        "Contact: <sip:alice@pc33.example.com?Subject=project%20x&Priority=urgent>\r\n" +
        "Date: Sat, 13 Nov 2010 23:29:00 GMT\r\n" +
        "Accept: application/sdp\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n";

    public static IReadOnlyList<(string Name, byte[] Bytes)> All { get; } =
    [
        (nameof(Invite), Encoding.UTF8.GetBytes(Invite)),
        (nameof(RegisterRemoveAll), Encoding.UTF8.GetBytes(RegisterRemoveAll)),
        (nameof(OkResponse), Encoding.UTF8.GetBytes(OkResponse)),
        (nameof(ByeToTel), Encoding.UTF8.GetBytes(ByeToTel)),
        (nameof(OptionsWithUriHeaders), Encoding.UTF8.GetBytes(OptionsWithUriHeaders)),
    ];
}
