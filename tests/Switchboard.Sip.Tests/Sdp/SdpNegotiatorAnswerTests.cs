using System.Net;
using Switchboard.Sip.Sdp;

namespace Switchboard.Sip.Tests.Sdp;

public sealed class SdpNegotiatorAnswerTests
{
    private static readonly IPAddress Local = IPAddress.Parse("192.0.2.99");

    private static SdpNegotiator NewNegotiator(SdpNegotiatorOptions? options = null) =>
        new(options ?? new SdpNegotiatorOptions(), Local, 20000, sessionId: 42);

    private static SdpAnswerResult Answer(string offer, SdpDirection direction = SdpDirection.SendRecv) =>
        NewNegotiator().CreateAnswer(SessionDescription.Parse(offer), direction);

    [Theory]
    [InlineData(nameof(SdpSamples.Baresip), "PCMU", 0, 101, "0-15")]
    [InlineData(nameof(SdpSamples.Linphone), "PCMU", 0, 100, null)]
    [InlineData(nameof(SdpSamples.Asterisk), "PCMU", 0, 101, "0-16")]
    [InlineData(nameof(SdpSamples.FreeSwitch), "PCMU", 0, 101, "0-16")]
    [InlineData(nameof(SdpSamples.Twilio), "PCMU", 0, 126, "0-16")]
    [InlineData(nameof(SdpSamples.Cisco), "PCMU", 0, 101, "0-16")]
    [InlineData(nameof(SdpSamples.StaticOnly), "PCMU", 0, null, null)]
    [InlineData(nameof(SdpSamples.Ipv6), "PCMU", 0, 96, "0-16")]
    public void Answers_real_world_offers_with_our_preferred_codec_and_their_telephone_event_pt(
        string sample, string codec, int pt, int? telephoneEvent, string? fmtp)
    {
        SdpAnswerResult result = Answer(SdpSamples.ByName(sample));

        Assert.True(result.IsSuccess, result.FailureReason);
        Assert.Equal(codec, result.Audio.Codec.EncodingName);
        Assert.Equal(pt, result.Audio.PayloadType);
        Assert.Equal(telephoneEvent, result.Audio.TelephoneEventPayloadType);
        SdpMediaDescription audio = result.Answer.Media[result.Audio.MediaIndex];
        Assert.Equal(20000, audio.Port);
        Assert.Equal(telephoneEvent is null ? [pt.ToString()] : [pt.ToString(), telephoneEvent.Value.ToString()], audio.Formats);
        if (telephoneEvent is int te)
        {
            Assert.Equal(new SdpRtpMap(te, "telephone-event", 8000, 1), audio.GetRtpMap(te));
            Assert.Equal(fmtp, audio.GetFmtp(te));
        }

        // The answer must itself be valid SDP.
        Assert.Equal(result.Answer.ToString(), SessionDescription.Parse(result.Answer.ToString()).ToString());
    }

    [Fact]
    public void Preference_list_wins_over_the_offer_order()
    {
        // FreeSWITCH lists PCMA before PCMU; with PCMA preferred we pick PCMA, with PCMU preferred PCMU.
        var pcmaFirst = new SdpNegotiatorOptions { Codecs = [SdpCodec.Pcma, SdpCodec.Pcmu] };

        SdpAnswerResult a = NewNegotiator(pcmaFirst).CreateAnswer(SessionDescription.Parse(SdpSamples.FreeSwitch));
        SdpAnswerResult b = NewNegotiator().CreateAnswer(SessionDescription.Parse(SdpSamples.FreeSwitch));

        Assert.Equal(SdpCodec.Pcma, a.Audio!.Codec);
        Assert.Equal(8, a.Audio.PayloadType);
        Assert.Equal(SdpCodec.Pcmu, b.Audio!.Codec);
    }

    [Fact]
    public void Static_pt_without_rtpmap_is_recognised_and_answered_with_an_rtpmap()
    {
        var pcmaOnly = new SdpNegotiatorOptions { Codecs = [SdpCodec.Pcma] };

        SdpAnswerResult result = NewNegotiator(pcmaOnly).CreateAnswer(SessionDescription.Parse(SdpSamples.StaticOnly));

        Assert.Equal(8, result.Audio!.PayloadType);
        Assert.Equal(new SdpRtpMap(8, "PCMA", 8000, 1), result.Answer!.Media[0].GetRtpMap(8));
    }

    [Fact]
    public void Dynamic_pt_for_pcmu_keeps_the_peers_number()
    {
        string offer = SdpSamples.Crlf("""
            v=0
            o=- 1 1 IN IP4 192.0.2.1
            s=-
            c=IN IP4 192.0.2.1
            t=0 0
            m=audio 4000 RTP/AVP 112 113
            a=rtpmap:112 pcmu/8000
            a=rtpmap:113 Telephone-Event/8000
            a=fmtp:113 0-16
            """);

        SdpAnswerResult result = Answer(offer);

        Assert.Equal(112, result.Audio!.PayloadType);
        Assert.Equal(113, result.Audio.TelephoneEventPayloadType);
    }

    [Fact]
    public void A_static_pt_remapped_by_rtpmap_is_not_mistaken_for_its_static_codec()
    {
        string offer = SdpSamples.Crlf("""
            v=0
            o=- 1 1 IN IP4 192.0.2.1
            s=-
            c=IN IP4 192.0.2.1
            t=0 0
            m=audio 4000 RTP/AVP 0
            a=rtpmap:0 G729/8000
            """);

        SdpAnswerResult result = Answer(offer);

        Assert.False(result.IsSuccess);
    }

    [Fact]
    public void Video_and_unknown_streams_are_rejected_with_port_0_and_kept_in_order()
    {
        SdpAnswerResult result = Answer(SdpSamples.Linphone);

        Assert.Equal(2, result.Answer!.Media.Count);
        SdpMediaDescription video = result.Answer.Media[1];
        Assert.Equal("video", video.Media);
        Assert.Equal(0, video.Port);
        Assert.Equal("RTP/AVP", video.Protocol);
        Assert.NotEmpty(video.Formats);
        Assert.Empty(video.Attributes);
    }

    [Fact]
    public void Audio_after_an_unusable_stream_is_found_and_index_reported()
    {
        string offer = SdpSamples.Crlf("""
            v=0
            o=- 1 1 IN IP4 192.0.2.1
            s=-
            c=IN IP4 192.0.2.1
            t=0 0
            m=image 5000 udptl t38
            m=audio 4000 RTP/AVP 9
            a=rtpmap:9 G722/8000
            m=audio 4002 RTP/AVP 8
            m=audio 4004 RTP/AVP 0
            """);

        SdpAnswerResult result = Answer(offer);

        Assert.Equal(2, result.Audio!.MediaIndex);
        Assert.Equal(4002, result.Audio.RemotePort);
        Assert.Equal([0, 0, 20000, 0], result.Answer!.Media.Select(m => m.Port));
    }

    [Theory]
    [InlineData(SdpDirection.SendRecv, SdpDirection.SendRecv, SdpDirection.SendRecv)]
    [InlineData(SdpDirection.SendOnly, SdpDirection.SendRecv, SdpDirection.RecvOnly)]
    [InlineData(SdpDirection.RecvOnly, SdpDirection.SendRecv, SdpDirection.SendOnly)]
    [InlineData(SdpDirection.Inactive, SdpDirection.SendRecv, SdpDirection.Inactive)]
    [InlineData(SdpDirection.SendRecv, SdpDirection.SendOnly, SdpDirection.SendOnly)]
    [InlineData(SdpDirection.SendOnly, SdpDirection.SendOnly, SdpDirection.Inactive)]
    [InlineData(SdpDirection.RecvOnly, SdpDirection.RecvOnly, SdpDirection.Inactive)]
    [InlineData(SdpDirection.SendRecv, SdpDirection.Inactive, SdpDirection.Inactive)]
    public void Answer_direction_follows_rfc3264_section_6_1(SdpDirection offered, SdpDirection wanted, SdpDirection expected)
    {
        string offer = SdpSamples.Asterisk.Replace("a=sendrecv", "a=" + offered.ToString().ToLowerInvariant(), StringComparison.Ordinal);

        SdpAnswerResult result = Answer(offer, wanted);

        Assert.Equal(expected, result.Audio!.Direction);
        Assert.Equal(expected, result.Answer!.EffectiveDirection(result.Answer.Media[0]));
    }

    [Fact]
    public void Rfc2543_hold_with_null_address_is_answered_recvonly()
    {
        SdpAnswerResult result = Answer(SdpSamples.Rfc2543Hold);

        Assert.Equal(SdpDirection.RecvOnly, result.Audio!.Direction);
        Assert.False(result.Audio.CanSend);
        Assert.Equal("0.0.0.0", result.Audio.RemoteAddress);
        // Our own address stays real: we still want to hear the peer.
        Assert.Equal("192.0.2.99", result.Answer!.Connection!.Address);
    }

    [Fact]
    public void Re_invite_hold_then_unhold_on_the_same_negotiator()
    {
        SdpNegotiator negotiator = NewNegotiator();
        string initial = SdpSamples.Asterisk;
        string hold = initial.Replace("a=sendrecv", "a=sendonly", StringComparison.Ordinal)
            .Replace("1929583620 1929583620", "1929583620 1929583621", StringComparison.Ordinal);
        string unhold = initial.Replace("1929583620 1929583620", "1929583620 1929583622", StringComparison.Ordinal);

        SdpAnswerResult first = negotiator.CreateAnswer(SessionDescription.Parse(initial));
        SdpAnswerResult held = negotiator.CreateAnswer(SessionDescription.Parse(hold));
        SdpAnswerResult resumed = negotiator.CreateAnswer(SessionDescription.Parse(unhold));

        Assert.Equal(SdpDirection.SendRecv, first.Audio!.Direction);
        Assert.Equal(SdpDirection.RecvOnly, held.Audio!.Direction);
        Assert.Equal(SdpDirection.SendRecv, resumed.Audio!.Direction);
        Assert.Equal(first.Answer!.Origin.SessionId, resumed.Answer!.Origin.SessionId);
        Assert.True(held.Answer!.Origin.SessionVersion > first.Answer.Origin.SessionVersion);
        Assert.True(resumed.Answer.Origin.SessionVersion > held.Answer.Origin.SessionVersion);
    }

    [Fact]
    public void Remote_endpoint_and_rtcp_port_come_from_the_offer()
    {
        SdpAnswerResult freeswitch = Answer(SdpSamples.FreeSwitch);
        SdpAnswerResult asterisk = Answer(SdpSamples.Asterisk);

        Assert.Equal(("198.51.100.7", 24580, 24581), (freeswitch.Audio!.RemoteAddress, freeswitch.Audio.RemotePort, freeswitch.Audio.RemoteRtcpPort));
        Assert.Equal(17553, asterisk.Audio!.RemoteRtcpPort);
    }

    [Theory]
    [InlineData("a=ptime:20", 20)]
    [InlineData("a=ptime:30", 30)]
    [InlineData("a=ptime:25", 20)]
    [InlineData("a=ptime:20\r\na=maxptime:10", 10)]
    [InlineData("a=ptime:40\r\na=maxptime:150", 40)]
    public void Ptime_follows_the_offer_when_we_support_it(string attributes, int expected)
    {
        string offer = SdpSamples.Crlf("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\nm=audio 4000 RTP/AVP 0")
            + attributes + "\r\n";

        SdpAnswerResult result = Answer(offer);

        Assert.Equal(expected, result.Audio!.Ptime);
        Assert.Equal(expected, result.Answer!.Media[0].Ptime);
    }

    [Fact]
    public void Answer_copies_the_offers_timing_and_uses_our_origin_and_address()
    {
        string offer = SdpSamples.Asterisk.Replace("t=0 0", "t=3034423619 3042462419", StringComparison.Ordinal);

        SdpAnswerResult result = Answer(offer);

        Assert.Equal([new SdpLine('t', "3034423619 3042462419")], result.Answer!.TimeLines);
        Assert.Equal("42", result.Answer.Origin.SessionId);
        Assert.Equal(new SdpConnection("IN", "IP4", "192.0.2.99"), result.Answer.Connection);
    }

    [Fact]
    public void Ipv6_local_address_produces_ip6_lines()
    {
        var negotiator = new SdpNegotiator(new SdpNegotiatorOptions(), IPAddress.Parse("2001:db8::99"), 20000);

        SdpAnswerResult result = negotiator.CreateAnswer(SessionDescription.Parse(SdpSamples.Ipv6));

        Assert.Equal(new SdpConnection("IN", "IP6", "2001:db8::99"), result.Answer!.Connection);
        Assert.Equal("IP6", result.Answer.Origin.AddressType);
        Assert.Equal("2001:db8::10", result.Audio!.RemoteAddress);
    }

    [Fact]
    public void No_common_codec_gives_488_with_a_reason()
    {
        string offer = SdpSamples.Crlf("""
            v=0
            o=- 1 1 IN IP4 192.0.2.1
            s=-
            c=IN IP4 192.0.2.1
            t=0 0
            m=audio 4000 RTP/AVP 96 18
            a=rtpmap:96 opus/48000/2
            a=rtpmap:18 G729/8000
            """);

        SdpAnswerResult result = Answer(offer);

        Assert.False(result.IsSuccess);
        Assert.Equal(488, result.StatusCode);
        Assert.Contains("no common codec", result.FailureReason, StringComparison.Ordinal);
        Assert.Contains("opus/48000", result.FailureReason, StringComparison.Ordinal);
        SdpNegotiationException ex = Assert.Throws<SdpNegotiationException>(() => result.EnsureSuccess());
        Assert.Equal(488, SdpNegotiationException.StatusCode);
        Assert.Equal(result.FailureReason, ex.Reason);
    }

    [Fact]
    public void Srtp_only_offer_gives_488_naming_the_transport()
    {
        SdpAnswerResult result = Answer(SdpSamples.SrtpOnly);

        Assert.False(result.IsSuccess);
        Assert.Contains("RTP/SAVP", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Offer_with_only_video_gives_488()
    {
        string offer = SdpSamples.Crlf("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\nm=video 4000 RTP/AVP 96\na=rtpmap:96 VP8/90000\n");

        SdpAnswerResult result = Answer(offer);

        Assert.False(result.IsSuccess);
        Assert.Contains("no audio", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Offer_without_connection_address_gives_488()
    {
        string offer = SdpSamples.Crlf("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nt=0 0\nm=audio 4000 RTP/AVP 0\n");

        SdpAnswerResult result = Answer(offer);

        Assert.False(result.IsSuccess);
        Assert.Contains("connection address", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Offer_without_media_gives_488()
    {
        SdpAnswerResult result = Answer(SdpSamples.Crlf("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nt=0 0\n"));

        Assert.Equal(488, result.StatusCode);
    }

    [Fact]
    public void Telephone_event_at_another_clock_rate_only_is_not_echoed()
    {
        string offer = SdpSamples.Crlf("""
            v=0
            o=- 1 1 IN IP4 192.0.2.1
            s=-
            c=IN IP4 192.0.2.1
            t=0 0
            m=audio 4000 RTP/AVP 0 101
            a=rtpmap:101 telephone-event/48000
            """);

        SdpAnswerResult result = Answer(offer);

        Assert.Null(result.Audio!.TelephoneEventPayloadType);
        Assert.Equal(["0"], result.Answer!.Media[0].Formats);
    }

    [Fact]
    public void Constructor_validates_arguments()
    {
        var options = new SdpNegotiatorOptions();

        Assert.Throws<ArgumentNullException>(() => new SdpNegotiator(null!, Local, 20000));
        Assert.Throws<ArgumentNullException>(() => new SdpNegotiator(options, null!, 20000));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SdpNegotiator(options, Local, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SdpNegotiator(options, Local, 65535));
        Assert.Throws<ArgumentException>(() => new SdpNegotiator(options, IPAddress.Any, 20000));
        Assert.Throws<ArgumentException>(() => new SdpNegotiator(new SdpNegotiatorOptions { Codecs = [] }, Local, 20000));
        Assert.Throws<ArgumentException>(() => new SdpNegotiator(new SdpNegotiatorOptions { TelephoneEventPayloadType = 8 }, Local, 20000));
        Assert.Throws<ArgumentException>(() => new SdpNegotiator(new SdpNegotiatorOptions { Ptime = 25 }, Local, 20000));
        Assert.Throws<ArgumentException>(() => new SdpNegotiator(new SdpNegotiatorOptions { Codecs = [new SdpCodec("opus", 48000, null)] }, Local, 20000));
        Assert.Throws<ArgumentNullException>(() => NewNegotiator().CreateAnswer(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => NewNegotiator().CreateOffer((SdpDirection)42));
        Assert.Throws<ArgumentOutOfRangeException>(() => NewNegotiator().CreateAnswer(SessionDescription.Parse(SdpSamples.Asterisk), (SdpDirection)42));
    }
}
