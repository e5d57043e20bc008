using Switchboard.Sip.Messages;
using Switchboard.Sip.Parsing;
using Switchboard.Sip.Uris;

namespace Switchboard.Sip.Tests.Messages;

public sealed class SipMessageTests
{
    private static SipRequest BuildInvite()
    {
        var request = new SipRequest(SipMethods.Invite, SipUri.Parse("sip:bob@example.com"));
        request.Headers.Add("Via", new ViaHeader("UDP", "192.0.2.1", 5060, "z9hG4bKbuilt").ToString());
        request.Headers.Add("Max-Forwards", "70");
        request.Headers.Add("From", new NameAddress(SipUri.Parse("sip:alice@example.com"), "Alice").WithTag("a1").ToString());
        request.Headers.Add("t", "<sip:bob@example.com>");
        request.Headers.Add("Call-ID", "built-1");
        request.Headers.Add("CSeq", new CSeqHeader(1, SipMethods.Invite).ToString());
        request.Body = "v=0\r\n"u8.ToArray();
        request.Headers.Add("Content-Type", "application/sdp");
        return request;
    }

    [Fact]
    public void A_built_request_serializes_to_a_message_our_parser_reads_back()
    {
        SipRequest built = BuildInvite();
        var parsed = (SipRequest)SipParser.Parse(built.ToBytes(), SipParserOptions.Stream);
        Assert.Equal("INVITE sip:bob@example.com SIP/2.0", parsed.StartLine);
        Assert.Equal("Alice", parsed.From.DisplayName);
        Assert.Equal("a1", parsed.From.Tag);
        Assert.Equal("To", parsed.Headers[3].Name);
        Assert.Equal(5, parsed.ContentLength);
        Assert.Equal("z9hG4bKbuilt", parsed.TopVia!.Branch);
    }

    [Fact]
    public void Changes_through_typed_values_are_serialized()
    {
        SipMessage m = SipParser.Parse(BuildInvite().ToBytes(), SipParserOptions.Stream);
        m.TopVia!.Parameters.Set("received", "203.0.113.9");
        m.Headers.AddFirst("Via", "SIP/2.0/TCP proxy.example.com;branch=z9hG4bKp1");
        SipMessage again = SipParser.Parse(m.ToBytes(), SipParserOptions.Stream);
        Assert.Equal(["proxy.example.com", "192.0.2.1"], again.Vias.Select(v => v.Host));
        Assert.Equal("203.0.113.9", again.Vias[1].Received);
    }

    [Fact]
    public void Missing_or_malformed_mandatory_headers_on_built_messages_throw_our_exception()
    {
        var request = new SipRequest(SipMethods.Options, SipUri.Parse("sip:a@b"));
        Assert.Equal(400, Assert.Throws<SipParseException>(() => request.From).SuggestedStatus);
        Assert.Empty(request.Vias);
        Assert.Null(request.TopVia);
        request.Headers.Add("CSeq", "not a cseq");
        Assert.Throws<SipParseException>(() => request.CSeq);
    }

    [Fact]
    public void Constructors_validate_their_input()
    {
        Assert.Throws<ArgumentException>(() => new SipRequest("BAD METHOD", SipUri.Parse("sip:a@b")));
        Assert.Throws<ArgumentNullException>(() => new SipRequest("INVITE", null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SipResponse(99));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SipResponse(700));
        Assert.Throws<ArgumentException>(() => new SipResponse(200, "OK\r\nX: injected"));
        Assert.Throws<ArgumentException>(() => new SipHeader("Bad Name", "v"));
        Assert.Throws<ArgumentException>(() => new SipHeader("X", "a\r\nInjected: 1"));
        Assert.Throws<ArgumentException>(() => new CSeqHeader(1, ""));
        Assert.Throws<ArgumentException>(() => new ViaHeader("UDP", "bad host"));
        Assert.Throws<ArgumentException>(() => NameAddress.Parse("<sip:a@b>").WithTag("a b"));
        Assert.Throws<ArgumentException>(() => new SipParameters().Add("", null));
    }

    [Fact]
    public void Header_lookup_is_case_insensitive_and_knows_compact_forms()
    {
        SipRequest r = BuildInvite();
        Assert.True(r.Headers.Contains("TO"));
        Assert.True(r.Headers.Contains("t"));
        Assert.Equal("built-1", r.Headers.GetFirstValue("i"));
        Assert.Equal(1, r.Headers.RemoveAll("call-id"));
        Assert.False(r.Headers.Contains("Call-ID"));
    }

    [Fact]
    public void Display_names_are_quoted_and_escaped_on_output()
    {
        var address = new NameAddress(SipUri.Parse("sip:a@b"), "Say \"hi\" \\ bye");
        Assert.Equal("\"Say \\\"hi\\\" \\\\ bye\" <sip:a@b>", address.ToString());
        Assert.Equal("Say \"hi\" \\ bye", NameAddress.Parse(address.ToString()).DisplayName);
    }
}
