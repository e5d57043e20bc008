using System.Text;
using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Tests.Transactions;
using Switchboard.Sip.Uris;

namespace Switchboard.Sip.Tests.Dialogs;

public sealed class OutboundCallTests
{
    private static readonly SipUri Target = SipUri.Parse("sip:bob@192.0.2.10:5070");
    private static readonly NameAddress From = NameAddress.Parse("\"Switchboard\" <sip:agent@example.com>");

    private static SipResponse Answer(SipRequest invite, int status, string? body = null)
    {
        SipResponse r = TransactionHarness.ResponseTo(invite, status, toTag: "bobtag");
        r.Headers.Add(SipHeaderNames.Contact, "<sip:bob@192.0.2.10:5070>");
        if (body is not null)
        {
            r.Headers.Add(SipHeaderNames.ContentType, "application/sdp");
            r.Body = Encoding.UTF8.GetBytes(body);
        }

        return r;
    }

    private static async Task<(SipCall Call, SipRequest Invite)> AnsweredOutboundCallAsync(CallTestKit k)
    {
        SipCall call = await k.Endpoint.InviteAsync(Target, From, CallTestKit.Negotiator(40000).CreateOffer(), TransactionHarness.Peer, [new("X-Agent", "support")]);
        var invite = (SipRequest)(await k.SentAsync(s => s.Method == "INVITE")).Message;
        k.H.Receive(Answer(invite, 200, CallTestKit.PeerOffer()));
        SipCallEvent e = await CallTestKit.NextEventAsync(call);
        Assert.True(e.Kind == SipCallEventKind.Answered, e.ToString());
        return (call, invite);
    }

    [Fact]
    public async Task Invite_rings_is_answered_acked_statelessly_and_hung_up_by_us()
    {
        await using var k = CallTestKit.Create();
        SipCall call = await k.Endpoint.InviteAsync(Target, From, CallTestKit.Negotiator(40000).CreateOffer(), TransactionHarness.Peer, [new("X-Agent", "support")]);
        var invite = (SipRequest)(await k.SentAsync(s => s.Method == "INVITE")).Message;
        Assert.Equal("support", invite.Headers.GetFirstValue("X-Agent"));
        Assert.Equal("application/sdp", invite.ContentType);
        Assert.NotNull(invite.From.Tag);

        k.H.Receive(Answer(invite, 180));
        SipCallEvent ringing = await CallTestKit.NextEventAsync(call);
        Assert.Equal((SipCallEventKind.Ringing, 180), (ringing.Kind, ringing.StatusCode));
        Assert.Equal(SipDialogState.Early, call.Dialog!.State);

        k.H.Receive(Answer(invite, 200, CallTestKit.PeerOffer()));
        SipCallEvent answered = await CallTestKit.NextEventAsync(call);
        Assert.Equal(SipCallEventKind.Answered, answered.Kind);
        Assert.NotNull(answered.RemoteSdp);
        var ack = (SipRequest)(await k.SentAsync(s => s.Method == "ACK")).Message;
        Assert.Equal("1 ACK", ack.CSeq.ToString());
        Assert.Equal("bobtag", ack.To.Tag);
        Assert.Equal(SipDialogState.Confirmed, call.Dialog.State);

        // Our ACK was lost: the peer retransmits its 2xx, we ACK again.
        k.H.Advance(TimeSpan.FromSeconds(40));
        k.H.Receive(Answer(invite, 200, CallTestKit.PeerOffer()));
        await k.SentAsync(s => s.Method == "ACK", nth: 2);

        Task hangup = call.HangupAsync();
        var bye = (SipRequest)(await k.SentAsync(s => s.Method == "BYE")).Message;
        Assert.Equal("2 BYE", bye.CSeq.ToString());
        k.H.Receive(TransactionHarness.ResponseTo(bye, 200, toTag: "bobtag"));
        await hangup;
        SipCallEvent ended = await CallTestKit.NextEventAsync(call);
        Assert.Equal(SipCallEndReasons.LocalHangup, ended.Reason);
    }

    [Theory]
    [InlineData(486, SipCallEndReasons.Busy)]
    [InlineData(480, SipCallEndReasons.NoAnswer)]
    [InlineData(603, SipCallEndReasons.Rejected)]
    [InlineData(404, SipCallEndReasons.NotFound)]
    public async Task Failure_status_ends_the_call_with_its_reason(int status, string reason)
    {
        await using var k = CallTestKit.Create();
        SipCall call = await k.Endpoint.InviteAsync(Target, From, CallTestKit.Negotiator(40000).CreateOffer(), TransactionHarness.Peer);
        var invite = (SipRequest)(await k.SentAsync(s => s.Method == "INVITE")).Message;
        k.H.Receive(Answer(invite, status));
        SipCallEvent ended = await CallTestKit.NextEventAsync(call);
        Assert.Equal((SipCallEventKind.Ended, reason, status), (ended.Kind, ended.Reason, ended.StatusCode));
    }

    [Fact]
    public async Task Challenge_401_is_retried_once_with_digest_credentials()
    {
        await using var k = CallTestKit.Create(new SipCallEndpointOptions { Contact = SipUri.Parse("sip:sb@192.0.2.1:5060"), AuthUsername = "agent", AuthPassword = "secret" });
        SipCall call = await k.Endpoint.InviteAsync(Target, From, CallTestKit.Negotiator(40000).CreateOffer(), TransactionHarness.Peer);
        var first = (SipRequest)(await k.SentAsync(s => s.Method == "INVITE")).Message;
        SipResponse challenge = TransactionHarness.ResponseTo(first, 401, toTag: "proxytag");
        challenge.Headers.Add(SipHeaderNames.WwwAuthenticate, "Digest realm=\"example.com\", nonce=\"abc123\", qop=\"auth\", algorithm=MD5");
        k.H.Receive(challenge);

        var second = (SipRequest)(await k.SentAsync(s => s.Method == "INVITE", nth: 2)).Message;
        Assert.Equal("2 INVITE", second.CSeq.ToString());
        Assert.Equal(first.CallId, second.CallId);
        Assert.Equal(first.From.Tag, second.From.Tag);
        string? auth = second.Headers.GetFirstValue(SipHeaderNames.Authorization);
        Assert.NotNull(auth);
        Assert.Contains("username=\"agent\"", auth, StringComparison.Ordinal);
        Assert.Contains("nonce=\"abc123\"", auth, StringComparison.Ordinal);

        SipResponse again = TransactionHarness.ResponseTo(second, 401, toTag: "proxytag");
        again.Headers.Add(SipHeaderNames.WwwAuthenticate, "Digest realm=\"example.com\", nonce=\"def456\", qop=\"auth\"");
        k.H.Receive(again);
        SipCallEvent ended = await CallTestKit.NextEventAsync(call);
        Assert.Equal(SipCallEndReasons.Unauthorized, ended.Reason);
        Assert.Equal(2, k.Count(s => s.Method == "INVITE"));
    }

    [Fact]
    public async Task Hangup_while_ringing_sends_cancel_and_ends_cancelled()
    {
        await using var k = CallTestKit.Create();
        SipCall call = await k.Endpoint.InviteAsync(Target, From, CallTestKit.Negotiator(40000).CreateOffer(), TransactionHarness.Peer);
        var invite = (SipRequest)(await k.SentAsync(s => s.Method == "INVITE")).Message;
        k.H.Receive(Answer(invite, 180));
        Assert.Equal(SipCallEventKind.Ringing, (await CallTestKit.NextEventAsync(call)).Kind);

        Task hangup = call.HangupAsync();
        var cancel = (SipRequest)(await k.SentAsync(s => s.Method == "CANCEL")).Message;
        Assert.Equal(invite.TopVia!.Branch, cancel.TopVia!.Branch);
        k.H.Receive(TransactionHarness.ResponseTo(cancel, 200, toTag: "bobtag"));
        await hangup;
        k.H.Receive(Answer(invite, 487));
        SipCallEvent ended = await CallTestKit.NextEventAsync(call);
        Assert.Equal(SipCallEndReasons.Cancelled, ended.Reason);
    }

    [Fact]
    public async Task Our_refer_is_sent_with_refer_to_and_peer_notify_reports_progress()
    {
        await using var k = CallTestKit.Create();
        (SipCall call, SipRequest invite) = await AnsweredOutboundCallAsync(k);

        Task<int> transfer = call.TransferAsync(SipUri.Parse("sip:sales@192.0.2.60"));
        var refer = (SipRequest)(await k.SentAsync(s => s.Method == "REFER")).Message;
        Assert.Equal("<sip:sales@192.0.2.60>", refer.Headers.GetFirstValue(SipHeaderNames.ReferTo));
        k.H.Receive(TransactionHarness.ResponseTo(refer, 202, toTag: "bobtag"));
        Assert.Equal(202, await transfer);

        string notify = "NOTIFY sip:sb@192.0.2.1:5060 SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bKntf\r\n" +
            "Max-Forwards: 70\r\n" +
            $"To: {invite.Headers.GetFirstValue(SipHeaderNames.From)}\r\n" +
            "From: <sip:bob@192.0.2.10:5070>;tag=bobtag\r\n" +
            $"Call-ID: {invite.CallId}\r\n" +
            "CSeq: 1 NOTIFY\r\n" +
            "Event: refer\r\nSubscription-State: terminated;reason=noresource\r\n" +
            "Content-Type: message/sipfrag\r\nContent-Length: 16\r\n\r\nSIP/2.0 200 OK\r\n";
        k.H.Receive(notify);
        SipCallEvent progress = await CallTestKit.NextEventAsync(call);
        Assert.Equal((SipCallEventKind.TransferProgress, 200), (progress.Kind, progress.StatusCode));
        await k.SentAsync(s => s.Status == 200 && ((SipResponse)s.Message).CSeq.Method == "NOTIFY");
    }

    [Fact]
    public async Task Dtmf_is_sent_as_dtmf_relay_info_and_bad_digits_are_refused()
    {
        await using var k = CallTestKit.Create();
        (SipCall call, _) = await AnsweredOutboundCallAsync(k);
        await Assert.ThrowsAsync<ArgumentException>(() => call.SendDtmfAsync('x'));

        Task<int> send = call.SendDtmfAsync('7');
        var info = (SipRequest)(await k.SentAsync(s => s.Method == "INFO")).Message;
        Assert.Equal("application/dtmf-relay", info.ContentType);
        Assert.Equal("Signal=7\r\nDuration=160\r\n", Encoding.ASCII.GetString(info.Body.Span));
        k.H.Receive(TransactionHarness.ResponseTo(info, 200, toTag: "bobtag"));
        Assert.Equal(200, await send);
    }

    [Fact]
    public async Task Our_hold_and_resume_are_reinvites_acked_with_their_own_cseq()
    {
        await using var k = CallTestKit.Create();
        (SipCall call, _) = await AnsweredOutboundCallAsync(k);

        Task<int> hold = call.HoldAsync();
        var reinvite = (SipRequest)(await k.SentAsync(s => s.Method == "INVITE", nth: 2)).Message;
        Assert.Equal("2 INVITE", reinvite.CSeq.ToString());
        Assert.Equal("bobtag", reinvite.To.Tag);
        Assert.Equal("sip:bob@192.0.2.10:5070", reinvite.RequestUri.ToString());
        Assert.Contains("a=sendonly", Encoding.UTF8.GetString(reinvite.Body.Span), StringComparison.Ordinal);
        k.H.Receive(Answer(reinvite, 200, CallTestKit.PeerOffer("recvonly")));
        Assert.Equal(200, await hold);
        var ack = (SipRequest)(await k.SentAsync(s => s.Method == "ACK", nth: 2)).Message;
        Assert.Equal("2 ACK", ack.CSeq.ToString());
        Assert.Equal(Switchboard.Sip.Sdp.SdpDirection.RecvOnly, call.RemoteSdp!.EffectiveDirection(call.RemoteSdp.Media[0]));

        Task<int> resume = call.ResumeAsync();
        var third = (SipRequest)(await k.SentAsync(s => s.Method == "INVITE", nth: 3)).Message;
        Assert.Contains("a=sendrecv", Encoding.UTF8.GetString(third.Body.Span), StringComparison.Ordinal);
        k.H.Receive(Answer(third, 200, CallTestKit.PeerOffer()));
        Assert.Equal(200, await resume);
    }

    [Fact]
    public async Task Silent_peer_times_out_per_timer_B_as_no_answer()
    {
        await using var k = CallTestKit.Create();
        SipCall call = await k.Endpoint.InviteAsync(Target, From, CallTestKit.Negotiator(40000).CreateOffer(), TransactionHarness.Peer);
        await k.SentAsync(s => s.Method == "INVITE");
        k.H.Advance(TimeSpan.FromSeconds(33));
        SipCallEvent ended = await CallTestKit.NextEventAsync(call);
        Assert.Equal((SipCallEventKind.Ended, SipCallEndReasons.NoAnswer, 408), (ended.Kind, ended.Reason, ended.StatusCode));
    }
}
