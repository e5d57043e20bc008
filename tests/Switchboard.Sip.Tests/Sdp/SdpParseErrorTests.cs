using Switchboard.Sip.Sdp;

namespace Switchboard.Sip.Tests.Sdp;

public sealed class SdpParseErrorTests
{
    private const string Head = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n";

    [Theory]
    [InlineData("", 0, "empty")]
    [InlineData("o=- 1 1 IN IP4 192.0.2.1\r\n", 1, "first line must be 'v='")]
    [InlineData("v=1\r\n", 1, "version")]
    [InlineData("v=0\r\ns=-\r\n", 2, "second line must be 'o='")]
    [InlineData("v=0\r\no=- 1 IN IP4 192.0.2.1\r\ns=-\r\n", 2, "6 fields")]
    [InlineData("v=0\r\no=- 1 x IN IP4 192.0.2.1\r\ns=-\r\n", 2, "session version")]
    [InlineData("v=0\r\no=- 1 1 ATM NSAP 47.0005\r\ns=-\r\n", 2, "network type")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n", 0, "missing 's='")]
    [InlineData(Head + "c=IN IP4\r\n", 4, "3 fields")]
    [InlineData(Head + "c=IN IP5 192.0.2.1\r\n", 4, "address type")]
    [InlineData(Head + "c=IN IP4 300.1.2.3\r\n", 4, "not a valid IP address")]
    [InlineData(Head + "c=IN IP4 2001:db8::1\r\n", 4, "IPv6 address on an IP4 line")]
    [InlineData(Head + "c=IN IP6 2001:db8::zz\r\n", 4, "not a valid IP address")]
    [InlineData(Head + "c=IN IP4 bad_host!\r\n", 4, "neither an IP address nor a host name")]
    [InlineData(Head + "t=0\r\n", 4, "'t=' needs two")]
    [InlineData(Head + "r=7d 1h 0 25h\r\n", 4, "without a preceding 't='")]
    [InlineData(Head + "t=0 0\r\nm=audio 70000 RTP/AVP 0\r\n", 5, "port")]
    [InlineData(Head + "t=0 0\r\nm=audio 4000 RTP/AVP\r\n", 5, "at least one format")]
    [InlineData(Head + "t=0 0\r\nm=audio 4000 RTP/AVP 128\r\n", 5, "payload type '128'")]
    [InlineData(Head + "t=0 0\r\nm=audio 4000/0 RTP/AVP 0\r\n", 5, "port count")]
    [InlineData(Head + "t=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU\r\n", 6, "malformed rtpmap")]
    [InlineData(Head + "t=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=\r\n", 6, "attribute name")]
    [InlineData(Head + "t=0 0\r\nm=audio 4000 RTP/AVP 0\r\nt=0 0\r\n", 6, "only allowed before the first 'm='")]
    [InlineData(Head + "X=1\r\n", 4, "not a lower-case letter")]
    [InlineData(Head + "garbage\r\n", 4, "expected '<type>=<value>'")]
    [InlineData(Head + "\r\nt=0 0\r\n", 5, "after an empty line")]
    [InlineData(Head + "s=again\r\n", 4, "'s=' must appear once")]
    [InlineData(Head + "v=0\r\n", 4, "duplicate 'v='")]
    [InlineData(Head + "i=a\0b\r\n", 4, "NUL")]
    public void Malformed_input_names_the_line_and_the_reason(string text, int line, string reason)
    {
        SdpParseException ex = Assert.Throws<SdpParseException>(() => SessionDescription.Parse(text));

        Assert.Equal(line, ex.LineNumber);
        Assert.Contains(reason, ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_text_is_an_argument_error()
    {
        Assert.Throws<ArgumentNullException>(() => SessionDescription.Parse((string)null!));
    }

    [Fact]
    public void Oversized_body_is_rejected_before_parsing()
    {
        string text = Head + new string('a', SessionDescription.MaxLength);

        SdpParseException ex = Assert.Throws<SdpParseException>(() => SessionDescription.Parse(text));

        Assert.Equal(0, ex.LineNumber);
        Assert.Contains("limit", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_lines_are_rejected()
    {
        string text = Head + string.Concat(Enumerable.Repeat("a=x\r\n", 3000));

        SdpParseException ex = Assert.Throws<SdpParseException>(() => SessionDescription.Parse(text));

        Assert.Contains("lines", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlong_line_is_rejected()
    {
        string text = Head + "i=" + new string('x', 5000) + "\r\n";

        SdpParseException ex = Assert.Throws<SdpParseException>(() => SessionDescription.Parse(text));

        Assert.Equal(4, ex.LineNumber);
    }

    [Fact]
    public void Too_many_media_sections_are_rejected()
    {
        string text = Head + "t=0 0\r\n" + string.Concat(Enumerable.Repeat("m=audio 0 RTP/AVP 0\r\n", 65));

        SdpParseException ex = Assert.Throws<SdpParseException>(() => SessionDescription.Parse(text));

        Assert.Contains("media sections", ex.Reason, StringComparison.Ordinal);
    }
}
