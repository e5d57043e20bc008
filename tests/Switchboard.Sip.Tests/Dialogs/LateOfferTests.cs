using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Sdp;
using Switchboard.Sip.Tests.Transactions;

namespace Switchboard.Sip.Tests.Dialogs;

/// <summary>INVITEs without SDP: our offer in the 200, the caller's answer in the ACK (RFC 3261 §13.2.1, RFC 3264).</summary>
public sealed class LateOfferTests
{
    private const string NoCommonCodec =
        "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 30000 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\n";

    [Fact]
    public async Task The_offer_goes_in_the_200_and_the_answer_in_the_ack_sets_the_media()
    {
        await using var k = CallTestKit.Create();
        k.H.Receive(CallTestKit.PeerRequest("INVITE", 1, null, "z9hG4bKinv"));
        SipIncomingCall incoming = await k.NextIncomingAsync();
        Assert.Null(incoming.Offer);

        Task<SipLateOfferAnswer> accepting = incoming.AcceptWithOfferAsync(CallTestKit.Negotiator(40000));
        SipResponse ok = (SipResponse)(await k.SentAsync(s => s.Status == 200)).Message;
        Assert.Equal("application/sdp", ok.ContentType);
        SessionDescription offer = SessionDescription.Parse(ok.Body.Span);
        Assert.Equal(40000, offer.Media[0].Port);
        Assert.False(accepting.IsCompleted);

        // The caller answers from 192.0.2.10:30000 with the first codec of our offer.
        string answer = CallTestKit.Negotiator(30000).CreateAnswer(offer).Answer!.ToString();
        k.H.Receive(CallTestKit.PeerRequest("ACK", 1, ok.To.Tag, "z9hG4bKack", "application/sdp", answer));
        SipLateOfferAnswer result = await accepting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(30000, result.Audio.RemotePort);
        Assert.Equal("192.0.2.1", result.Audio.RemoteAddress);
        Assert.Equal(offer.Media[0].Formats[0], result.Audio.PayloadType.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotNull(result.Call.RemoteSdp);
        SipCallEvent answered = await CallTestKit.NextEventAsync(result.Call);
        Assert.Equal(SipCallEventKind.Answered, answered.Kind);
        Assert.Same(result.Call.RemoteSdp, answered.RemoteSdp);
        Assert.Equal(0, k.Count(s => s.Method == "BYE"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(NoCommonCodec)]
    public async Task An_ack_without_a_usable_answer_hangs_up(string? body)
    {
        await using var k = CallTestKit.Create();
        k.H.Receive(CallTestKit.PeerRequest("INVITE", 1, null, "z9hG4bKinv"));
        SipIncomingCall incoming = await k.NextIncomingAsync();
        Task<SipLateOfferAnswer> accepting = incoming.AcceptWithOfferAsync(CallTestKit.Negotiator(40000));
        SipResponse ok = (SipResponse)(await k.SentAsync(s => s.Status == 200)).Message;

        k.H.Receive(body is null
            ? CallTestKit.PeerRequest("ACK", 1, ok.To.Tag, "z9hG4bKack")
            : CallTestKit.PeerRequest("ACK", 1, ok.To.Tag, "z9hG4bKack", "application/sdp", body));
        await Assert.ThrowsAsync<SdpNegotiationException>(() => accepting.WaitAsync(TimeSpan.FromSeconds(10)));
        await k.SentAsync(s => s.Method == "BYE");
    }

    [Fact]
    public async Task No_ack_ends_the_call_and_fails_the_accept()
    {
        await using var k = CallTestKit.Create();
        k.H.Receive(CallTestKit.PeerRequest("INVITE", 1, null, "z9hG4bKinv"));
        SipIncomingCall incoming = await k.NextIncomingAsync();
        Task<SipLateOfferAnswer> accepting = incoming.AcceptWithOfferAsync(CallTestKit.Negotiator(40000));
        await k.SentAsync(s => s.Status == 200);

        k.H.Advance(TimeSpan.FromSeconds(33));
        SipDialogException e = await Assert.ThrowsAsync<SipDialogException>(() => accepting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("never acknowledged", e.Message, StringComparison.Ordinal);
        SentMessage bye = await k.SentAsync(s => s.Method == "BYE");
        Assert.Equal(32, (bye.At - k.H.Start).TotalSeconds);
    }

    [Fact]
    public async Task An_invite_with_an_offer_is_not_answered_with_another_offer()
    {
        await using var k = CallTestKit.Create();
        k.H.Receive(CallTestKit.PeerRequest("INVITE", 1, null, "z9hG4bKinv", "application/sdp", CallTestKit.PeerOffer()));
        SipIncomingCall incoming = await k.NextIncomingAsync();
        await Assert.ThrowsAsync<SipDialogException>(() => incoming.AcceptWithOfferAsync(CallTestKit.Negotiator(40000)));
        Assert.Equal(0, k.Count(s => s.Status == 200));
        SipCall call = await incoming.AcceptAsync(CallTestKit.Negotiator(40000));
        Assert.NotNull(call.LocalSdp);
    }
}
