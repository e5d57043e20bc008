using System.Text;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Parsing;

namespace Switchboard.Sip.Tests.Parsing;

public sealed class SipParserTests
{
    private static SipMessage Parse(string text, SipParserOptions? options = null) =>
        SipParser.Parse(Encoding.UTF8.GetBytes(text), options ?? SipParserOptions.Datagram);

    private static SipParseError Fail(string text, SipParserOptions? options = null)
    {
        Assert.False(SipParser.TryParse(Encoding.UTF8.GetBytes(text), options ?? SipParserOptions.Datagram, out SipMessage? m, out SipParseError? e));
        Assert.Null(m);
        return e!;
    }

    private const string Head =
        "OPTIONS sip:a@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h.example.com;branch=z9hG4bK1\r\n" +
        "From: <sip:b@example.com>;tag=1\r\nTo: <sip:a@example.com>\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\n";

    [Fact]
    public void Compact_and_oddly_cased_names_map_to_canonical_names()
    {
        SipMessage m = Parse(
            "OPTIONS sip:a@example.com SIP/2.0\r\nV: SIP/2.0/UDP h;branch=z9hG4bK1\r\nf: <sip:b@x>;tag=1\r\nT: <sip:a@x>\r\n" +
            "I: c1\r\ncSeQ: 1 OPTIONS\r\nm: <sip:b@h>\r\nc: application/sdp\r\nk: timer\r\ns: hello\r\ne: gzip\r\no: presence\r\n" +
            "u: dialog\r\nr: <sip:z@x>\r\nb: <sip:y@x>\r\nx: 1800\r\ny: abc\r\nL: 0\r\n\r\n");
        Assert.Equal(
            ["Via", "From", "To", "Call-ID", "CSeq", "Contact", "Content-Type", "Supported", "Subject", "Content-Encoding",
             "Event", "Allow-Events", "Refer-To", "Referred-By", "Session-Expires", "Identity", "Content-Length"],
            m.Headers.Select(h => h.Name));
        Assert.Equal("c1", m.CallId);
        Assert.Equal("timer", m.Headers.GetFirstValue("SUPPORTED"));
        Assert.Equal("timer", m.Headers.GetFirstValue("k"));
    }

    [Fact]
    public void Folded_values_are_unfolded_into_single_spaces()
    {
        SipMessage m = Parse(Head + "Subject: first\r\n   second\r\n\tthird\r\nContent-Length: 0\r\n\r\n");
        Assert.Equal("first second third", m.Headers.GetFirstValue("Subject"));
    }

    [Fact]
    public void Lists_split_on_commas_outside_quotes_and_brackets_and_across_fields()
    {
        SipMessage m = Parse(Head +
            "Contact: \"Smith, John\" <sip:j,k@h;x=a>;q=0.5, <sip:k@h?Subject=a>;expires=30\r\n" +
            "Contact: sip:l@h;expires=10000000000000\r\nRoute: <sip:p1;lr>,<sip:p2;lr>\r\nRoute: <sip:p3;lr>\r\nContent-Length: 0\r\n\r\n");
        Assert.Equal(3, m.Contacts.Count);
        Assert.Equal("Smith, John", m.Contacts[0].Address!.DisplayName);
        Assert.Equal("j,k", m.Contacts[0].Address!.Uri.User);
        Assert.Equal(0.5, m.Contacts[0].Q);
        Assert.Equal(30, m.Contacts[1].Expires);
        Assert.Equal(uint.MaxValue, m.Contacts[2].Expires);
        Assert.Equal(["p1", "p2", "p3"], m.Routes.Select(r => r.Uri.Host));
    }

    [Fact]
    public void Contact_wildcard_is_typed()
    {
        SipMessage m = Parse(Head + "Contact: *\r\nExpires: 0\r\nContent-Length: 0\r\n\r\n");
        Assert.True(Assert.Single(m.Contacts).IsWildcard);
        Assert.Equal(0, m.Expires);
        Assert.Contains("400", Fail(Head + "Contact: *, <sip:a@b>\r\n\r\n").SuggestedStatus.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Via_parameters_are_typed_including_ipv6()
    {
        SipMessage m = Parse(
            "OPTIONS sip:a@example.com SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP [2001:db8::1]:5070;branch=z9hG4bKabc;received=2001:db8::9;rport=5071;maddr=239.1.1.1;ttl=5\r\n" +
            "From: <sip:b@example.com>;tag=1\r\nTo: <sip:a@example.com>\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
        ViaHeader via = m.TopVia!;
        Assert.Equal(("SIP", "2.0", "UDP"), (via.ProtocolName, via.ProtocolVersion, via.Transport));
        Assert.Equal("[2001:db8::1]", via.Host);
        Assert.Equal(5070, via.Port);
        Assert.Equal("z9hG4bKabc", via.Branch);
        Assert.True(via.HasRfc3261Branch);
        Assert.Equal("2001:db8::9", via.Received);
        Assert.Equal(5071, via.RPort);
        Assert.Equal("239.1.1.1", via.Maddr);
        Assert.Equal(5, via.Ttl);
    }

    [Theory]
    [InlineData("Via: SIP/2.0/UDP h;ttl=256")]
    [InlineData("Via: SIP/2.0/UDP h;rport=x")]
    [InlineData("Via: SIP/2.0/UDP h;branch")]
    [InlineData("Via: SIP/2.0/UDP h:99999")]
    [InlineData("Via: SIP/2.0 h")]
    [InlineData("Via: SIP/2.0/UDPh")]
    public void Malformed_via_is_400(string via)
    {
        SipParseError e = Fail("OPTIONS sip:a@b SIP/2.0\r\n" + via + "\r\nFrom: <sip:b@x>;tag=1\r\nTo: <sip:a@x>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n");
        Assert.Equal(400, e.SuggestedStatus);
        Assert.Contains("Via", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_headers_keep_names_values_and_order()
    {
        SipMessage m = Parse(Head + "X-B: 2\r\nx-a: 1\r\nX-B: 3\r\nContent-Length: 0\r\n\r\n");
        Assert.Equal(["X-B", "x-a", "X-B"], m.Headers.Where(h => h.Name.StartsWith("X", StringComparison.OrdinalIgnoreCase)).Select(h => h.Name));
        Assert.Equal(["2", "3"], m.Headers.GetAll("x-b").Select(h => h.Value));
        Assert.Contains("\r\nX-B: 2\r\nx-a: 1\r\nX-B: 3\r\n", m.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SIP/2.0 180 Ringing", 180, "Ringing")]
    [InlineData("SIP/2.0 699 Whatever it is", 699, "Whatever it is")]
    [InlineData("sip/2.0 200 OK", 200, "OK")]
    public void Status_lines_are_typed(string line, int code, string reason)
    {
        var r = Assert.IsType<SipResponse>(Parse(line + "\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:b@x>;tag=1\r\nTo: <sip:a@x>;tag=2\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n"));
        Assert.Equal(code, r.StatusCode);
        Assert.Equal(reason, r.ReasonPhrase);
    }

    [Theory]
    [InlineData("SIP/2.0 099 Low")]
    [InlineData("SIP/2.0 700 High")]
    [InlineData("SIP/2.0 20 Short")]
    [InlineData("SIP/3.0 200 OK")]
    public void Bad_status_lines_are_dropped(string line)
    {
        SipParseError e = Fail(line + "\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:b@x>;tag=1\r\nTo: <sip:a@x>\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n\r\n");
        Assert.Equal(SipParseDisposition.Drop, e.Disposition);
    }

    [Theory]
    [InlineData("OPTIONS sip:a@b SIP/2.1", 505)]
    [InlineData("OPTIONS sip:a@b SIP/20", 400)]
    [InlineData("OPTIONS sip:a@b HTTP/1.1", 400)]
    [InlineData("OPT<IONS sip:a@b SIP/2.0", 400)]
    public void Request_line_versions_and_methods(string line, int status)
    {
        SipParseError e = Fail(line + "\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:b@x>;tag=1\r\nTo: <sip:a@x>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n");
        Assert.Equal(status, e.SuggestedStatus);
    }

    [Fact]
    public void Leading_empty_lines_are_ignored_and_bare_lf_is_tolerated()
    {
        SipMessage m = Parse("\r\n\r\n" + Head.Replace("\r\n", "\n", StringComparison.Ordinal) + "Content-Length: 2\n\nhi");
        Assert.Equal("hi"u8.ToArray(), m.Body.ToArray());
    }

    [Fact]
    public void Limits_are_enforced_with_clear_errors()
    {
        var options = new SipParserOptions { MaxHeaderCount = 8, MaxLineLength = 64, MaxMessageSize = 2048 };
        Assert.IsType<SipRequest>(SipParser.Parse(Encoding.ASCII.GetBytes(Head + "X1: 1\r\nX2: 2\r\nX3: 3\r\n\r\n"), options)); // exactly 8
        Assert.Contains("header fields", Fail(Head + "X1: 1\r\nX2: 2\r\nX3: 3\r\nX4: 4\r\n\r\n", options).Reason, StringComparison.Ordinal);
        Assert.Contains("Line longer", Fail(Head + "A: " + new string('x', 100) + "\r\n\r\n", options).Reason, StringComparison.Ordinal);
        SipParseError big = Fail(Head + "A: " + new string('x', 50) + "\r\n\r\n" + new string('b', 3000), options);
        Assert.Equal(513, big.SuggestedStatus);
        Assert.Equal(SipParseDisposition.Drop, big.Disposition);
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentNullException>(() => SipParser.TryParse(ReadOnlySpan<byte>.Empty, null!, out _, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => SipParser.TryParse("x"u8, new SipParserOptions { MaxHeaderCount = 0 }, out _, out _));
    }

    [Fact]
    public void Empty_and_binary_garbage_is_dropped()
    {
        Assert.Equal(SipParseDisposition.Drop, Fail("").Disposition);
        Assert.Equal(SipParseDisposition.Drop, Fail("\r\n\r\n").Disposition);
        Assert.False(SipParser.TryParse(new byte[] { 0xFF, 0x00, 0x13, 0x37 }, SipParserOptions.Datagram, out _, out SipParseError? e));
        Assert.Equal(SipParseDisposition.Drop, e!.Disposition);
    }

    [Fact]
    public void Body_is_copied_out_of_the_receive_buffer()
    {
        byte[] buffer = Encoding.ASCII.GetBytes(Head + "Content-Length: 3\r\n\r\nabc");
        SipMessage m = SipParser.Parse(buffer, SipParserOptions.Datagram);
        buffer.AsSpan().Clear();
        Assert.Equal("abc"u8.ToArray(), m.Body.ToArray());
        Assert.Equal(3, m.ContentLength);
    }

    [Fact]
    public void Request_uri_scheme_support_is_configurable()
    {
        const string msg = "OPTIONS tel:+123 SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:b@x>;tag=1\r\nTo: <sip:a@x>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n";
        Assert.IsType<SipRequest>(Parse(msg));
        var sipOnly = new SipParserOptions { SupportedRequestUriSchemes = new HashSet<string>(["sip"]) };
        Assert.Equal(416, Fail(msg, sipOnly).SuggestedStatus);
    }

    [Fact]
    public void Parse_throws_only_our_exception()
    {
        SipParseException ex = Assert.Throws<SipParseException>(() => SipParser.Parse("garbage"u8, SipParserOptions.Datagram));
        Assert.Equal(SipParseDisposition.Drop, ex.Error.Disposition);
        Assert.IsAssignableFrom<FormatException>(ex);
    }
}
