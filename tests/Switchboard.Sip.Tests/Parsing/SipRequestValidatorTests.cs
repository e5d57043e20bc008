using System.Text;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Parsing;

namespace Switchboard.Sip.Tests.Parsing;

public sealed class SipRequestValidatorTests
{
    private static SipRequest Request(string method, string extra, string body = "")
    {
        string text = $"{method} sip:a@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK77\r\nFrom: <sip:b@x>;tag=1\r\n" +
            $"To: <sip:a@x>\r\nCall-ID: c\r\nCSeq: 1 {method}\r\n{extra}Content-Length: {body.Length}\r\n\r\n{body}";
        return (SipRequest)SipParser.Parse(Encoding.ASCII.GetBytes(text), SipParserOptions.Datagram);
    }

    [Fact]
    public void A_plain_request_is_accepted()
    {
        Assert.Null(new SipRequestValidator().Validate(Request("INVITE", "Content-Type: application/sdp\r\nAccept: application/sdp, text/plain\r\n", "v=0\r\n")));
    }

    [Fact]
    public void Supported_extensions_pass_and_only_unknown_ones_are_listed()
    {
        var uas = new SipRequestValidator { SupportedExtensions = new HashSet<string>(["timer", "100rel"]) };
        Assert.Null(uas.Validate(Request("INVITE", "Require: timer\r\nRequire: 100rel\r\n")));
        SipValidationResult result = uas.Validate(Request("INVITE", "Require: timer, foo\r\n"))!;
        Assert.Equal(420, result.StatusCode);
        Assert.Equal("foo", result.Headers.Single(h => h.Key == "Unsupported").Value);
    }

    [Fact]
    public void Ack_and_cancel_are_never_refused_for_require()
    {
        Assert.Null(new SipRequestValidator().Validate(Request("ACK", "Require: foo\r\n")));
    }

    [Fact]
    public void Wildcard_accept_is_acceptable()
    {
        Assert.Null(new SipRequestValidator().Validate(Request("INVITE", "Accept: */*\r\n")));
        Assert.Equal(406, new SipRequestValidator().Validate(Request("INVITE", "Accept: text/html\r\n"))!.StatusCode);
    }

    [Fact]
    public void Digest_authorization_passes_other_schemes_get_401()
    {
        var uas = new SipRequestValidator();
        Assert.Null(uas.Validate(Request("REGISTER", "Authorization: Digest username=\"a\"\r\n")));
        Assert.Equal(401, uas.Validate(Request("REGISTER", "Proxy-Authorization: Basic abc\r\n"))!.StatusCode);
    }

    [Fact]
    public void Unknown_methods_get_501_with_allow()
    {
        SipValidationResult result = new SipRequestValidator().Validate(Request("FROBNICATE", ""))!;
        Assert.Equal(501, result.StatusCode);
        Assert.Contains("INVITE", result.Headers.Single(h => h.Key == "Allow").Value, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => new SipRequestValidator().Validate(null!));
    }
}
