using Switchboard.Sip.Parsing;
using Switchboard.Sip.Uris;

namespace Switchboard.Sip.Tests.Uris;

public sealed class SipUriTests
{
    [Fact]
    public void Sip_uri_parts_are_decoded_and_written_back_canonically()
    {
        SipUri uri = SipUri.Parse("SIP:j%40ne:p%61ss@Example.COM:5061;transport=tcp;lr?Subject=hi%20there&Priority=urgent");
        Assert.Equal("sip", uri.Scheme);
        Assert.Equal("j@ne", uri.User);
        Assert.Equal("pass", uri.Password);
        Assert.Equal("Example.COM", uri.Host);
        Assert.Equal(5061, uri.Port);
        Assert.Equal("tcp", uri.Parameters.GetValue("TRANSPORT"));
        Assert.True(uri.Parameters.Contains("lr"));
        Assert.Null(uri.Parameters.GetValue("lr"));
        Assert.Equal(new KeyValuePair<string, string>("Subject", "hi there"), uri.Headers[0]);
        Assert.Equal("sip:j%40ne:pass@Example.COM:5061;transport=tcp;lr?Subject=hi%20there&Priority=urgent", uri.ToString());
    }

    [Fact]
    public void Ipv6_references_keep_their_brackets()
    {
        SipUri uri = SipUri.Parse("sips:[2001:db8::1]:5061");
        Assert.True(uri.IsSecure);
        Assert.Equal("[2001:db8::1]", uri.Host);
        Assert.Equal(5061, uri.Port);
        Assert.Null(uri.User);
    }

    [Fact]
    public void Tel_uris_hold_the_number_and_parameters()
    {
        SipUri uri = SipUri.Parse("tel:+1-201-555-0123;phone-context=example.com");
        Assert.True(uri.IsTel);
        Assert.Equal("+1-201-555-0123", uri.User);
        Assert.Equal("example.com", uri.Parameters.GetValue("phone-context"));
        Assert.Equal("tel:+1-201-555-0123;phone-context=example.com", uri.ToString());
    }

    [Theory]
    [InlineData("http://www.example.com/a?b=c", "http", "//www.example.com/a?b=c")]
    [InlineData("urn:service:sos", "urn", "service:sos")]
    [InlineData("soap.beep://192.0.2.103:3002", "soap.beep", "//192.0.2.103:3002")]
    public void Other_schemes_are_kept_as_opaque_absolute_uris(string text, string scheme, string opaque)
    {
        SipUri uri = SipUri.Parse(text);
        Assert.Equal(scheme, uri.Scheme);
        Assert.Equal(opaque, uri.Opaque);
        Assert.Equal(text, uri.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("sip:")]
    [InlineData("nocolon")]
    [InlineData("1sip:a@b")]
    [InlineData("sip:user@")]
    [InlineData("sip:us er@example.com")]
    [InlineData("sip:user@exa mple.com")]
    [InlineData("sip:user@example.com:99999")]
    [InlineData("sip:user@example.com:port")]
    [InlineData("sip:%zzuser@example.com")]
    [InlineData("sip:user@[::1")]
    [InlineData("sip:user@example.com;=x")]
    [InlineData("sip:user@example.com?noequals")]
    [InlineData("http://a b")]
    public void Malformed_uris_are_rejected_with_our_exception(string text)
    {
        Assert.False(SipUri.TryParse(text, out _));
        SipParseException ex = Assert.Throws<SipParseException>(() => SipUri.Parse(text));
        Assert.Equal(400, ex.SuggestedStatus);
    }

    [Fact]
    public void Null_input_is_an_argument_error()
    {
        Assert.Throws<ArgumentNullException>(() => SipUri.Parse(null!));
        Assert.False(SipUri.TryParse(null, out _));
    }

    [Fact]
    public void Built_uris_validate_their_parts()
    {
        var uri = new SipUri("sip", "alice", "example.com", 5060);
        uri.Parameters.Add("transport", "udp");
        Assert.Equal("sip:alice@example.com:5060;transport=udp", uri.ToString());
        Assert.Throws<ArgumentException>(() => new SipUri("tel", null, "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SipUri("sip", null, "x", 70000));
        Assert.Throws<ArgumentException>(() => new SipUri("sip", null, ""));
    }

    [Fact]
    public void Reserved_characters_in_values_are_escaped_on_output()
    {
        var uri = new SipUri("sip", "a b@c", "example.com");
        uri.Parameters.Add("x", "semi;colon");
        Assert.Equal("sip:a%20b%40c@example.com;x=semi%3Bcolon", uri.ToString());
        SipUri back = SipUri.Parse(uri.ToString());
        Assert.Equal("a b@c", back.User);
        Assert.Equal("semi;colon", back.Parameters.GetValue("x"));
    }
}
