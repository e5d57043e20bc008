using System.Net;
using Switchboard.Sip.Sdp;

namespace Switchboard.Sip.Tests.Sdp;

public sealed class SdpNegotiatorOfferTests
{
    private static readonly IPAddress Local = IPAddress.Parse("192.0.2.99");

    [Fact]
    public void Offer_lists_our_codecs_telephone_event_101_and_ptime_20()
    {
        var negotiator = new SdpNegotiator(new SdpNegotiatorOptions(), Local, 20000, sessionId: 7);

        SessionDescription offer = negotiator.CreateOffer();

        string expected = SdpSamples.Crlf("""
            v=0
            o=switchboard 7 1 IN IP4 192.0.2.99
            s=Switchboard
            c=IN IP4 192.0.2.99
            t=0 0
            m=audio 20000 RTP/AVP 0 8 101
            a=rtpmap:0 PCMU/8000
            a=rtpmap:8 PCMA/8000
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-16
            a=ptime:20
            a=sendrecv
            """);
        Assert.Equal(expected, offer.ToString());
    }

    [Fact]
    public void Each_new_offer_increments_the_origin_version_and_keeps_the_session_id()
    {
        var negotiator = new SdpNegotiator(new SdpNegotiatorOptions(), Local, 20000);

        SessionDescription first = negotiator.CreateOffer();
        SessionDescription hold = negotiator.CreateOffer(SdpDirection.SendOnly);
        SessionDescription resume = negotiator.CreateOffer();

        Assert.Equal(first.Origin.SessionVersion + 1, hold.Origin.SessionVersion);
        Assert.Equal(hold.Origin.SessionVersion + 1, resume.Origin.SessionVersion);
        Assert.Equal(first.Origin.SessionId, resume.Origin.SessionId);
        Assert.Equal(resume.Origin.SessionVersion, negotiator.CurrentVersion);
        Assert.Equal(SdpDirection.SendOnly, hold.Media[0].Direction);
    }

    [Fact]
    public void Random_session_ids_differ_between_calls()
    {
        var a = new SdpNegotiator(new SdpNegotiatorOptions(), Local, 20000).CreateOffer();
        var b = new SdpNegotiator(new SdpNegotiatorOptions(), Local, 20000).CreateOffer();

        Assert.NotEqual(a.Origin.SessionId, b.Origin.SessionId);
    }

    [Fact]
    public void Our_offer_answered_by_our_own_answerer_round_trips()
    {
        var caller = new SdpNegotiator(new SdpNegotiatorOptions(), Local, 20000);
        var callee = new SdpNegotiator(new SdpNegotiatorOptions { Codecs = [SdpCodec.Pcma, SdpCodec.Pcmu] }, IPAddress.Parse("192.0.2.100"), 30000);

        SessionDescription offer = SessionDescription.Parse(caller.CreateOffer().ToString());
        SdpAnswerResult answer = callee.CreateAnswer(offer);
        NegotiatedAudio callerView = caller.ProcessAnswer(SessionDescription.Parse(answer.Answer!.ToString()));

        Assert.Equal(SdpCodec.Pcma, callerView.Codec);
        Assert.Equal(8, callerView.PayloadType);
        Assert.Equal(101, callerView.TelephoneEventPayloadType);
        Assert.Equal(("192.0.2.100", 30000, 30001), (callerView.RemoteAddress, callerView.RemotePort, callerView.RemoteRtcpPort));
        Assert.Equal(SdpDirection.SendRecv, callerView.Direction);
        Assert.Equal(("192.0.2.99", 20000), (answer.Audio!.RemoteAddress, answer.Audio.RemotePort));
    }

    [Fact]
    public void Hold_offer_answered_recvonly_gives_us_sendonly()
    {
        var negotiator = new SdpNegotiator(new SdpNegotiatorOptions(), Local, 20000);
        negotiator.CreateOffer(SdpDirection.SendOnly);
        string answer = SdpSamples.Asterisk.Replace("a=sendrecv", "a=recvonly", StringComparison.Ordinal)
            .Replace("m=audio 17552 RTP/AVP 0 8 3 101", "m=audio 17552 RTP/AVP 0 101", StringComparison.Ordinal);

        NegotiatedAudio audio = negotiator.ProcessAnswer(SessionDescription.Parse(answer));

        Assert.Equal(SdpDirection.SendOnly, audio.Direction);
        Assert.True(audio.CanSend);
        Assert.False(audio.CanReceive);
    }

    [Fact]
    public void Answer_rejecting_audio_throws_negotiation_exception()
    {
        var negotiator = new SdpNegotiator(new SdpNegotiatorOptions(), Local, 20000);
        negotiator.CreateOffer();
        string answer = SdpSamples.Asterisk.Replace("m=audio 17552", "m=audio 0", StringComparison.Ordinal);

        SdpNegotiationException ex = Assert.Throws<SdpNegotiationException>(() => negotiator.ProcessAnswer(SessionDescription.Parse(answer)));

        Assert.Contains("rejected", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Answer_with_a_codec_we_did_not_offer_throws()
    {
        var negotiator = new SdpNegotiator(new SdpNegotiatorOptions(), Local, 20000);
        negotiator.CreateOffer();
        string answer = SdpSamples.Crlf("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\nm=audio 4000 RTP/AVP 18\na=rtpmap:18 G729/8000\n");

        Assert.Throws<SdpNegotiationException>(() => negotiator.ProcessAnswer(SessionDescription.Parse(answer)));
    }

    [Fact]
    public void ProcessAnswer_before_any_offer_is_an_invalid_operation()
    {
        var negotiator = new SdpNegotiator(new SdpNegotiatorOptions(), Local, 20000);

        Assert.Throws<InvalidOperationException>(() => negotiator.ProcessAnswer(SessionDescription.Parse(SdpSamples.Asterisk)));
    }

    [Fact]
    public void Options_without_telephone_events_offer_only_codecs()
    {
        var negotiator = new SdpNegotiator(new SdpNegotiatorOptions { TelephoneEvents = false, Codecs = [SdpCodec.Pcma] }, Local, 20000);

        SessionDescription offer = negotiator.CreateOffer();

        Assert.Equal(["8"], offer.Media[0].Formats);
    }
}
