using Switchboard.Sip.Messages;
using Switchboard.Sip.Transactions;
using Switchboard.Sip.Transport;

namespace Switchboard.Sip.Tests.Transactions;

public sealed class ClientTransactionTests
{
    private static SipRequest OutgoingInvite(string method = "INVITE")
    {
        SipRequest request = TransactionHarness.Parse(TransactionHarness.Request(method));
        request.Headers.RemoveAll(SipHeaderNames.Via); // the layer adds our own Via with a fresh branch
        return request;
    }

    [Fact]
    public async Task Invite_is_retransmitted_per_timer_A_and_timer_B_gives_408()
    {
        await using var h = new TransactionHarness();
        SipClientTransaction tx = h.Layer.SendRequest(OutgoingInvite(), TransactionHarness.Peer, SipTransportKind.Udp);
        h.Advance(TimeSpan.FromSeconds(31.95));
        Assert.False(tx.FinalResponse.IsCompleted);
        h.Advance(TimeSpan.FromMilliseconds(50));

        // §17.1.1.2: A doubles each time (0.5, 1, 2, 4, 8, 16 s) until B = 64*T1.
        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5], h.SendTimes(s => s.Method == "INVITE"));
        SipResponse final = await tx.FinalResponse;
        Assert.Equal(408, final.StatusCode);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.True(tx.Responses.TryRead(out SipResponse? seen));
        Assert.Same(final, seen);
    }

    [Fact]
    public async Task Non_invite_is_retransmitted_per_timer_E_capped_at_T2_and_timer_F_gives_408()
    {
        await using var h = new TransactionHarness();
        SipClientTransaction tx = h.Layer.SendRequest(OutgoingInvite("OPTIONS"), TransactionHarness.Peer, SipTransportKind.Udp);
        h.Advance(TimeSpan.FromSeconds(33));
        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], h.SendTimes(s => s.Method == "OPTIONS"));
        Assert.Equal(408, (await tx.FinalResponse).StatusCode);
    }

    [Fact]
    public async Task Provisional_response_makes_timer_E_fire_every_T2()
    {
        await using var h = new TransactionHarness();
        SipClientTransaction tx = h.Layer.SendRequest(OutgoingInvite("OPTIONS"), TransactionHarness.Peer, SipTransportKind.Udp);
        h.Advance(TimeSpan.FromSeconds(1));
        h.Receive(TransactionHarness.ResponseTo(tx.Request, 100));
        Assert.Equal(SipTransactionState.Proceeding, tx.State);
        h.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal([0, 0.5, 1.5, 5.5, 9.5], h.SendTimes(s => s.Method == "OPTIONS"));
    }

    [Fact]
    public async Task Non_2xx_to_invite_is_acked_by_the_transaction_and_timer_D_absorbs_retransmissions()
    {
        await using var h = new TransactionHarness();
        SipClientTransaction tx = h.Layer.SendRequest(OutgoingInvite(), TransactionHarness.Peer, SipTransportKind.Udp);
        h.Receive(TransactionHarness.ResponseTo(tx.Request, 180));
        h.Advance(TimeSpan.FromSeconds(5));
        Assert.Single(h.Transport.Sent, s => s.Method == "INVITE"); // no retransmission once Proceeding

        SipResponse busy = TransactionHarness.ResponseTo(tx.Request, 486, toTag: "busy1");
        h.Receive(busy);
        Assert.Equal(486, (await tx.FinalResponse).StatusCode);
        Assert.Equal(SipTransactionState.Completed, tx.State);
        var ack = (SipRequest)Assert.Single(h.Transport.Sent, s => s.Method == "ACK").Message;
        Assert.Equal("busy1", ack.To.Tag);
        Assert.Equal(tx.Request.TopVia!.Branch, ack.TopVia!.Branch);
        Assert.Single(ack.Vias);
        Assert.Equal(new CSeqHeader(1, "ACK").ToString(), ack.CSeq.ToString());
        Assert.Equal(tx.Request.RequestUri.ToString(), ack.RequestUri.ToString());

        h.Receive(TransactionHarness.ResponseTo(tx.Request, 486, toTag: "busy1"));
        Assert.Equal(2, h.Transport.Sent.Count(s => s.Method == "ACK"));
        h.Advance(TimeSpan.FromSeconds(32));
        Assert.Equal(SipTransactionState.Terminated, tx.State);

        var seen = new List<int>();
        await foreach (SipResponse r in tx.Responses.ReadAllAsync())
        {
            seen.Add(r.StatusCode);
        }

        Assert.Equal([180, 486], seen);
    }

    [Fact]
    public async Task A_2xx_is_left_to_the_dialog_layer_and_its_retransmissions_are_passed_up_until_timer_M()
    {
        await using var h = new TransactionHarness();
        SipClientTransaction tx = h.Layer.SendRequest(OutgoingInvite(), TransactionHarness.Peer, SipTransportKind.Udp);
        h.Receive(TransactionHarness.ResponseTo(tx.Request, 200));
        Assert.Equal(SipTransactionState.Accepted, tx.State);
        Assert.DoesNotContain(h.Transport.Sent, s => s.Method == "ACK");
        h.Advance(TimeSpan.FromSeconds(1));
        h.Receive(TransactionHarness.ResponseTo(tx.Request, 200));
        Assert.True(tx.Responses.TryRead(out _));
        Assert.True(tx.Responses.TryRead(out SipResponse? again));
        Assert.Equal(200, again.StatusCode);

        h.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        h.Receive(TransactionHarness.ResponseTo(tx.Request, 200));
        Assert.True(h.Layer.Unmatched.TryRead(out SipInboundMessage? stray));
        Assert.Equal(200, ((SipResponse)stray.Message).StatusCode);
    }

    [Fact]
    public async Task Non_invite_final_starts_timer_K()
    {
        await using var h = new TransactionHarness();
        SipClientTransaction tx = h.Layer.SendRequest(OutgoingInvite("REGISTER"), TransactionHarness.Peer, SipTransportKind.Udp);
        h.Receive(TransactionHarness.ResponseTo(tx.Request, 200));
        Assert.Equal(SipTransactionState.Completed, tx.State);
        h.Advance(TimeSpan.FromSeconds(4.95));
        Assert.Equal(SipTransactionState.Completed, tx.State);
        h.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Single(h.Transport.Sent);
    }

    [Fact]
    public async Task Over_TCP_nothing_is_retransmitted_but_timer_B_still_applies()
    {
        await using var h = new TransactionHarness(SipTransportKind.Tcp);
        SipClientTransaction tx = h.Layer.SendRequest(OutgoingInvite(), TransactionHarness.Peer, SipTransportKind.Tcp);
        h.Advance(TimeSpan.FromSeconds(40));
        Assert.Single(h.Transport.Sent);
        Assert.Equal(408, (await tx.FinalResponse).StatusCode);
        Assert.Equal("TCP", tx.Request.TopVia!.Transport);
        Assert.Equal("uac.example.com", tx.Request.TopVia.Host);
        Assert.Equal(5060, tx.Request.TopVia.Port);
        Assert.True(tx.Request.TopVia.HasRfc3261Branch);
    }

    [Fact]
    public async Task Transport_failure_gives_503()
    {
        await using var h = new TransactionHarness();
        h.Transport.FailSends = true;
        SipClientTransaction tx = h.Layer.SendRequest(OutgoingInvite(), TransactionHarness.Peer, SipTransportKind.Udp);
        Assert.Equal(503, (await tx.FinalResponse).StatusCode);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
    }

    [Fact]
    public async Task Delivery_failure_reported_by_the_transport_fails_only_transactions_to_that_peer()
    {
        await using var h = new TransactionHarness(SipTransportKind.Tcp);
        SipClientTransaction toPeer = h.Layer.SendRequest(OutgoingInvite("OPTIONS"), TransactionHarness.Peer, SipTransportKind.Tcp);
        var elsewhere = new SipEndPoint(System.Net.IPAddress.Parse("192.0.2.99"), 5060);
        SipClientTransaction toOther = h.Layer.SendRequest(OutgoingInvite("OPTIONS"), elsewhere, SipTransportKind.Tcp);
        h.Transport.FailDelivery(TransactionHarness.Peer);
        Assert.Equal(503, (await toPeer.FinalResponse).StatusCode);
        Assert.False(toOther.FinalResponse.IsCompleted);
    }

    [Fact]
    public async Task Cancel_is_its_own_transaction_on_the_invite_branch()
    {
        await using var h = new TransactionHarness();
        SipClientTransaction invite = h.Layer.SendRequest(OutgoingInvite(), TransactionHarness.Peer, SipTransportKind.Udp);
        h.Receive(TransactionHarness.ResponseTo(invite.Request, 180));
        SipClientTransaction cancel = h.Layer.SendRequest(SipRequestFactory.CreateCancel(invite.Request), TransactionHarness.Peer, SipTransportKind.Udp);
        Assert.Equal(invite.Request.TopVia!.Branch, cancel.Request.TopVia!.Branch);

        h.Receive(TransactionHarness.ResponseTo(cancel.Request, 200));
        Assert.Equal(200, (await cancel.FinalResponse).StatusCode);
        Assert.False(invite.FinalResponse.IsCompleted);
        h.Receive(TransactionHarness.ResponseTo(invite.Request, 487));
        Assert.Equal(487, (await invite.FinalResponse).StatusCode);
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_argument_exceptions()
    {
        await using var h = new TransactionHarness();
        SipRequest ack = TransactionHarness.Parse(TransactionHarness.Request("ACK"));
        Assert.Throws<ArgumentException>(() => h.Layer.SendRequest(ack, TransactionHarness.Peer, SipTransportKind.Udp));
        SipRequest noCookie = TransactionHarness.Parse(TransactionHarness.Request("OPTIONS", branch: "old"));
        Assert.Throws<ArgumentException>(() => h.Layer.SendRequest(noCookie, TransactionHarness.Peer, SipTransportKind.Udp));
        Assert.Throws<ArgumentException>(() => h.Layer.SendRequest(OutgoingInvite(), TransactionHarness.Peer, SipTransportKind.Tcp));
        Assert.Throws<ArgumentNullException>(() => h.Layer.SendRequest(null!, TransactionHarness.Peer, SipTransportKind.Udp));
        Assert.Throws<ArgumentException>(() => SipRequestFactory.CreateCancel(noCookie));
        var bare = new SipRequest("OPTIONS", Switchboard.Sip.Uris.SipUri.Parse("sip:bob@example.com"));
        Assert.Throws<ArgumentException>(() => h.Layer.SendRequest(bare, TransactionHarness.Peer, SipTransportKind.Udp));
        SipRequest wrongCSeq = OutgoingInvite("OPTIONS");
        wrongCSeq.Headers.RemoveAll(SipHeaderNames.CSeq);
        wrongCSeq.Headers.Add(SipHeaderNames.CSeq, "1 INFO");
        Assert.Throws<ArgumentException>(() => h.Layer.SendRequest(wrongCSeq, TransactionHarness.Peer, SipTransportKind.Udp));
        Assert.Empty(h.Transport.Sent);
        Assert.Throws<ArgumentException>(() => new SipTransactionOptions { T1 = TimeSpan.Zero }.Validate());
    }
}
