using Switchboard.Sip.Sdp;

namespace Switchboard.Sip.Tests.Sdp;

public sealed class SessionDescriptionParseTests
{
    [Theory]
    [MemberData(nameof(SdpSamples.Named), MemberType = typeof(SdpSamples))]
    public void Real_world_samples_round_trip_exactly(string name)
    {
        string text = SdpSamples.ByName(name);

        SessionDescription parsed = SessionDescription.Parse(text);

        Assert.Equal(text, parsed.ToString());
    }

    [Fact]
    public void Parses_every_field_of_a_FreeSWITCH_offer()
    {
        SessionDescription sdp = SessionDescription.Parse(SdpSamples.FreeSwitch);

        Assert.Equal(new SdpOrigin("FreeSWITCH", "1700000000", 1700000001UL, "IN", "IP4", "198.51.100.7"), sdp.Origin);
        Assert.Equal("FreeSWITCH", sdp.SessionName);
        Assert.Equal(new SdpConnection("IN", "IP4", "198.51.100.7"), sdp.Connection);
        Assert.Equal([new SdpLine('t', "0 0")], sdp.TimeLines);
        SdpMediaDescription audio = Assert.Single(sdp.Media);
        Assert.Equal("audio", audio.Media);
        Assert.Equal(24580, audio.Port);
        Assert.Equal("RTP/AVP", audio.Protocol);
        Assert.Equal(["102", "9", "8", "0", "101", "13"], audio.Formats);
        Assert.Equal(new SdpRtpMap(102, "opus", 48000, 2), audio.GetRtpMap(102));
        Assert.Equal(new SdpRtpMap(101, "telephone-event", 8000, 1), audio.GetRtpMap(101));
        Assert.Equal("0-16", audio.GetFmtp(101));
        Assert.Null(audio.GetFmtp(0));
        Assert.Equal(20, audio.Ptime);
        Assert.Null(audio.MaxPtime);
        Assert.Equal(SdpDirection.SendRecv, audio.Direction);
        Assert.Equal(24581, audio.RtcpPort);
    }

    [Fact]
    public void Session_level_direction_applies_when_media_has_none_and_media_level_overrides()
    {
        string text = SdpSamples.Crlf("""
            v=0
            o=- 1 1 IN IP4 192.0.2.1
            s=-
            c=IN IP4 192.0.2.1
            t=0 0
            a=sendonly
            m=audio 4000 RTP/AVP 0
            m=audio 4002 RTP/AVP 0
            a=inactive
            """);

        SessionDescription sdp = SessionDescription.Parse(text);

        Assert.Equal(SdpDirection.SendOnly, sdp.Direction);
        Assert.Null(sdp.Media[0].Direction);
        Assert.Equal(SdpDirection.SendOnly, sdp.EffectiveDirection(sdp.Media[0]));
        Assert.Equal(SdpDirection.Inactive, sdp.EffectiveDirection(sdp.Media[1]));
    }

    [Fact]
    public void No_direction_anywhere_means_sendrecv()
    {
        SessionDescription sdp = SessionDescription.Parse(SdpSamples.StaticOnly);

        Assert.Equal(SdpDirection.SendRecv, sdp.EffectiveDirection(sdp.Media[0]));
    }

    [Fact]
    public void Media_level_connection_overrides_session_level()
    {
        string text = SdpSamples.Crlf("""
            v=0
            o=- 1 1 IN IP4 192.0.2.1
            s=-
            c=IN IP4 192.0.2.1
            t=0 0
            m=audio 4000 RTP/AVP 0
            c=IN IP6 2001:db8::7
            """);

        SessionDescription sdp = SessionDescription.Parse(text);

        SdpConnection? connection = sdp.EffectiveConnection(sdp.Media[0]);
        Assert.NotNull(connection);
        Assert.Equal("IP6", connection.AddressType);
        Assert.True(connection.TryGetIPAddress(out System.Net.IPAddress? ip));
        Assert.Equal(System.Net.IPAddress.Parse("2001:db8::7"), ip);
    }

    [Fact]
    public void Ipv6_sample_parses_origin_and_connection()
    {
        SessionDescription sdp = SessionDescription.Parse(SdpSamples.Ipv6);

        Assert.Equal("IP6", sdp.Origin.AddressType);
        Assert.Equal("2001:db8::10", sdp.Connection!.Address);
    }

    [Fact]
    public void Unknown_attributes_and_lines_are_preserved_in_place()
    {
        string text = SdpSamples.Crlf("""
            v=0
            o=- 1 1 IN IP4 192.0.2.1
            s=-
            i=A call
            u=http://example.com/
            e=ops@example.com
            c=IN IP4 192.0.2.1
            b=CT:128
            t=0 0
            a=x-custom:hello world
            a=group:BUNDLE 0
            m=audio 4000 RTP/AVP 0
            i=voice
            b=AS:64
            a=x-vendor-flag
            a=mid:0
            """);

        SessionDescription sdp = SessionDescription.Parse(text);

        Assert.Equal(new SdpAttribute("x-custom", "hello world"), sdp.GetAttribute("X-CUSTOM"));
        Assert.Equal(new SdpAttribute("x-vendor-flag", null), sdp.Media[0].GetAttribute("x-vendor-flag"));
        Assert.Contains(new SdpLine('b', "AS:64"), sdp.Media[0].OtherLines);
        Assert.Equal(text, sdp.ToString());
    }

    [Fact]
    public void Bare_LF_and_trailing_blank_lines_are_accepted_and_serialized_as_CRLF()
    {
        string text = "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\nm=audio 4000 RTP/AVP 0\n\n\n";

        SessionDescription sdp = SessionDescription.Parse(text);

        Assert.Equal(text.TrimEnd('\n').Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n", sdp.ToString());
    }

    [Fact]
    public void Parses_utf8_bytes()
    {
        byte[] body = System.Text.Encoding.UTF8.GetBytes(SdpSamples.Asterisk.Replace("s=Asterisk", "s=Café", StringComparison.Ordinal));

        SessionDescription sdp = SessionDescription.Parse(body);

        Assert.Equal("Café", sdp.SessionName);
    }

    [Fact]
    public void Rejects_invalid_utf8_bytes()
    {
        byte[] body = [.. System.Text.Encoding.ASCII.GetBytes("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns="), 0xC3, 0x28, 13, 10];

        SdpParseException ex = Assert.Throws<SdpParseException>(() => SessionDescription.Parse(body));

        Assert.Contains("UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Port_count_and_multiple_media_sections_parse()
    {
        string text = SdpSamples.Crlf("""
            v=0
            o=- 1 1 IN IP4 192.0.2.1
            s=-
            c=IN IP4 224.2.1.1/127
            t=0 0
            m=audio 49170/2 RTP/AVP 0
            m=application 5000 UDP/BFCP *
            m=image 6000 udptl t38
            """);

        SessionDescription sdp = SessionDescription.Parse(text);

        Assert.Equal(2, sdp.Media[0].PortCount);
        Assert.Equal(["*"], sdp.Media[1].Formats);
        Assert.Equal("udptl", sdp.Media[2].Protocol);
        Assert.True(sdp.Connection!.TryGetIPAddress(out System.Net.IPAddress? multicast));
        Assert.Equal(System.Net.IPAddress.Parse("224.2.1.1"), multicast);
        Assert.Equal(text, sdp.ToString());
    }

    [Fact]
    public void TryParse_reports_the_error_instead_of_throwing()
    {
        bool ok = SessionDescription.TryParse("v=1\r\n", out SessionDescription? sdp, out SdpParseException? error);

        Assert.False(ok);
        Assert.Null(sdp);
        Assert.Equal(1, error!.LineNumber);
    }

    [Fact]
    public void Serializer_writes_a_t_line_when_the_model_has_none()
    {
        var sdp = new SessionDescription { Origin = new SdpOrigin("-", "1", 1, "IN", "IP4", "192.0.2.1") };

        Assert.Equal("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n", sdp.ToString());
    }

    [Fact]
    public void Serializer_refuses_values_that_would_inject_lines()
    {
        var sdp = new SessionDescription { Origin = new SdpOrigin("-", "1", 1, "IN", "IP4", "192.0.2.1") };
        sdp.Attributes.Add(new SdpAttribute("x", "a\r\nm=video 1 RTP/AVP 0"));

        Assert.Throws<InvalidOperationException>(() => sdp.ToString());
    }
}
