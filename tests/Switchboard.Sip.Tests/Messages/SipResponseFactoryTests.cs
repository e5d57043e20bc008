using System.Text;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Parsing;
using Switchboard.Sip.Tests.Parsing;

namespace Switchboard.Sip.Tests.Messages;

public sealed class SipResponseFactoryTests
{
    [Fact]
    public void Response_copies_the_section_8_2_6_headers_and_adds_a_to_tag()
    {
        var invite = (SipRequest)SipParser.Parse(SampleMessages.All.Single(s => s.Name == "Invite").Bytes, SipParserOptions.Datagram);
        SipResponse response = SipResponseFactory.CreateResponse(invite, 486, null, "uas-7");
        var parsed = (SipResponse)SipParser.Parse(response.ToBytes(), SipParserOptions.Stream);

        Assert.Equal("SIP/2.0 486 Busy Here", parsed.StartLine);
        Assert.Equal(invite.Vias.Select(v => v.ToString()), parsed.Vias.Select(v => v.ToString()));
        Assert.Equal(invite.From.ToString(), parsed.From.ToString());
        Assert.Equal("uas-7", parsed.To.Tag);
        Assert.Equal(invite.To.Uri.ToString(), parsed.To.Uri.ToString());
        Assert.Equal(invite.CallId, parsed.CallId);
        Assert.Equal(invite.CSeq.ToString(), parsed.CSeq.ToString());
        Assert.False(parsed.Headers.Contains("Contact"));
        Assert.False(parsed.Headers.Contains("Record-Route"));
        Assert.Equal(0, parsed.ContentLength);
    }

    [Fact]
    public void Trying_gets_no_to_tag_and_an_existing_tag_is_kept()
    {
        var invite = (SipRequest)SipParser.Parse(SampleMessages.All.Single(s => s.Name == "Invite").Bytes, SipParserOptions.Datagram);
        Assert.Null(SipResponseFactory.CreateResponse(invite, 100, null, "x").To.Tag);

        var bye = (SipRequest)SipParser.Parse(SampleMessages.All.Single(s => s.Name == "ByeToTel").Bytes, SipParserOptions.Datagram);
        Assert.Equal("bbb", SipResponseFactory.CreateResponse(bye, 200, null, "other").To.Tag);
    }

    [Fact]
    public void Error_response_for_a_rejected_request_carries_the_status_and_reason()
    {
        byte[] bad = Encoding.ASCII.GetBytes(
            "INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKx\r\nVia: SIP/2.0/UDP 192.0.2.2;branch=z9hG4bKy\r\n" +
            "From: <sip:c@d>;tag=9\r\nTo: <sip:a@b>\r\nCall-ID: q\r\nCSeq: 5 INVITE\r\nMax-Forwards: 999\r\n\r\n");
        Assert.False(SipParser.TryParse(bad, SipParserOptions.Datagram, out _, out SipParseError? error));
        SipResponse response = SipResponseFactory.CreateErrorResponse(error!, "t1");
        Assert.Equal(400, response.StatusCode);
        Assert.StartsWith("Bad Request (Malformed Max-Forwards", response.ReasonPhrase, StringComparison.Ordinal);

        var parsed = (SipResponse)SipParser.Parse(response.ToBytes(), SipParserOptions.Stream);
        Assert.Equal(["192.0.2.1", "192.0.2.2"], parsed.Vias.Select(v => v.Host));
        Assert.Equal("t1", parsed.To.Tag);
        Assert.Equal("9", parsed.From.Tag);
        Assert.False(parsed.Headers.Contains("Max-Forwards"));
    }

    [Fact]
    public void Arguments_are_validated()
    {
        Assert.Throws<ArgumentNullException>(() => SipResponseFactory.CreateResponse(null!, 200));
        Assert.False(SipParser.TryParse("SIP/2.0 999 x\r\n\r\n"u8, SipParserOptions.Datagram, out _, out SipParseError? drop));
        Assert.Throws<ArgumentException>(() => SipResponseFactory.CreateErrorResponse(drop!, "t"));
        Assert.Throws<ArgumentNullException>(() => SipResponseFactory.CreateErrorResponse(null!, "t"));
    }
}
