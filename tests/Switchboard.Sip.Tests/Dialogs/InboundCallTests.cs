using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Sdp;
using Switchboard.Sip.Tests.Transactions;
using Switchboard.Sip.Uris;

namespace Switchboard.Sip.Tests.Dialogs;

public sealed class InboundCallTests
{
    [Fact]
    public async Task Invite_is_raised_rung_answered_acked_and_ended_by_the_peers_bye()
    {
        await using var k = CallTestKit.Create();
        k.H.Receive(CallTestKit.PeerRequest("INVITE", 1, null, "z9hG4bKinv", "application/sdp", CallTestKit.PeerOffer(), "X-Tenant: acme"));
        SipIncomingCall incoming = await k.NextIncomingAsync();
        Assert.Equal("alice", incoming.Caller.Uri.User);
        Assert.Equal("sb", incoming.Callee.Uri.User);
        Assert.Equal("acme", incoming.Headers.GetFirstValue("X-Tenant"));
        Assert.NotNull(incoming.Offer);

        await incoming.SendRingingAsync();
        SipCall call = await incoming.AcceptAsync(CallTestKit.Negotiator(40000));
        SipResponse ok = (SipResponse)(await k.SentAsync(s => s.Status == 200)).Message;
        Assert.Equal(180, k.Snapshot()[0].Status);
        Assert.Equal("application/sdp", ok.ContentType);
        Assert.Contains("m=audio 40000", ok.ToString(), StringComparison.Ordinal);
        Assert.Equal(call.Dialog!.LocalTag, ok.To.Tag);
        await Assert.ThrowsAsync<SipDialogException>(() => incoming.RejectAsync(486));

        k.H.Receive(CallTestKit.PeerRequest("ACK", 1, call.Dialog.LocalTag, "z9hG4bKack"));
        SipCallEvent answered = await CallTestKit.NextEventAsync(call);
        Assert.Equal(SipCallEventKind.Answered, answered.Kind);
        Assert.NotNull(answered.RemoteSdp);

        k.H.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, k.Count(s => s.Status == 200));

        k.H.Receive(CallTestKit.PeerRequest("BYE", 2, call.Dialog.LocalTag, "z9hG4bKbye"));
        SipCallEvent ended = await CallTestKit.NextEventAsync(call);
        Assert.Equal((SipCallEventKind.Ended, SipCallEndReasons.RemoteHangup), (ended.Kind, ended.Reason));
        SentMessage byeOk = await k.SentAsync(s => s.Status == 200 && ((SipResponse)s.Message).CSeq.Method == "BYE");
        Assert.Equal(TransactionHarness.Peer, byeOk.Remote);
        Assert.True(call.IsEnded);
    }

    [Fact]
    public async Task Unacknowledged_2xx_is_retransmitted_T1_doubling_to_T2_then_bye_at_64_T1()
    {
        await using var k = CallTestKit.Create();
        k.H.Receive(CallTestKit.PeerRequest("INVITE", 1, null, "z9hG4bKinv", "application/sdp", CallTestKit.PeerOffer()));
        SipIncomingCall incoming = await k.NextIncomingAsync();
        SipCall call = await incoming.AcceptAsync(CallTestKit.Negotiator(40000));
        k.H.Advance(TimeSpan.FromSeconds(33));

        double[] times = k.H.SendTimes(s => s.Status == 200);
        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], times);
        SentMessage bye = await k.SentAsync(s => s.Method == "BYE");
        Assert.Equal(CallTestKit.PeerContact, ((SipRequest)bye.Message).RequestUri.ToString());
        Assert.Equal(32, (bye.At - k.H.Start).TotalSeconds);
        SipCallEvent ended = await CallTestKit.NextEventAsync(call);
        Assert.Equal(SipCallEndReasons.AckTimeout, ended.Reason);
    }

    [Fact]
    public async Task Cancel_before_answer_ends_the_incoming_call_and_accepting_then_fails()
    {
        await using var k = CallTestKit.Create();
        k.H.Receive(CallTestKit.PeerRequest("INVITE", 1, null, "z9hG4bKinv", "application/sdp", CallTestKit.PeerOffer()));
        SipIncomingCall incoming = await k.NextIncomingAsync();
        await incoming.SendRingingAsync();
        k.H.Receive(CallTestKit.PeerRequest("CANCEL", 1, null, "z9hG4bKinv"));
        await incoming.Cancelled;
        await k.SentAsync(s => s.Status == 487);
        await Assert.ThrowsAsync<SipDialogException>(() => incoming.AcceptAsync(CallTestKit.Negotiator(40000)));
    }

    [Fact]
    public async Task Reject_and_redirect_send_the_final_status()
    {
        await using var k = CallTestKit.Create();
        k.H.Receive(CallTestKit.PeerRequest("INVITE", 1, null, "z9hG4bKinv1", "application/sdp", CallTestKit.PeerOffer()));
        SipIncomingCall first = await k.NextIncomingAsync();
        await first.RejectAsync(486);
        await k.SentAsync(s => s.Status == 486);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => first.RejectAsync(200));

        k.H.Receive(CallTestKit.PeerRequest("INVITE", 1, null, "z9hG4bKinv2", "application/sdp", CallTestKit.PeerOffer()).Replace("call-42", "call-43", StringComparison.Ordinal));
        SipIncomingCall second = await k.NextIncomingAsync();
        await second.RedirectAsync(SipUri.Parse("sip:queue@192.0.2.50"));
        SipResponse moved = (SipResponse)(await k.SentAsync(s => s.Status == 302)).Message;
        Assert.Equal("sip:queue@192.0.2.50", Assert.Single(moved.Contacts).Address!.Uri.ToString());
    }

    [Fact]
    public async Task Offer_without_common_codec_gets_488()
    {
        await using var k = CallTestKit.Create();
        string offer = CallTestKit.PeerOffer().Replace("RTP/AVP 0 8 101", "RTP/AVP 9", StringComparison.Ordinal);
        k.H.Receive(CallTestKit.PeerRequest("INVITE", 1, null, "z9hG4bKinv", "application/sdp", offer));
        SipIncomingCall incoming = await k.NextIncomingAsync();
        await Assert.ThrowsAsync<SdpNegotiationException>(() => incoming.AcceptAsync(CallTestKit.Negotiator(40000)));
        await k.SentAsync(s => s.Status == 488);
    }

    [Fact]
    public async Task Options_outside_a_dialog_gets_200_with_allow_and_accept_and_stray_bye_gets_481()
    {
        await using var k = CallTestKit.Create();
        k.H.Receive(CallTestKit.PeerRequest("OPTIONS", 1, null, "z9hG4bKopt"));
        SipResponse ok = (SipResponse)(await k.SentAsync(s => s.Status == 200)).Message;
        Assert.Contains("INVITE", ok.Headers.GetFirstValue("Allow"), StringComparison.Ordinal);
        Assert.Contains("application/sdp", ok.Headers.GetFirstValue("Accept"), StringComparison.Ordinal);

        k.H.Receive(CallTestKit.PeerRequest("BYE", 5, "nosuchtag", "z9hG4bKbye"));
        await k.SentAsync(s => s.Status == 481);
    }
}
