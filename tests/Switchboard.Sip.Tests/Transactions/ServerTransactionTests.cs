using Switchboard.Sip.Messages;
using Switchboard.Sip.Transactions;
using Switchboard.Sip.Transport;

namespace Switchboard.Sip.Tests.Transactions;

public sealed class ServerTransactionTests
{
    [Fact]
    public async Task Invite_gets_100_Trying_after_200_ms_when_the_TU_is_silent()
    {
        await using var h = new TransactionHarness();
        h.Receive(TransactionHarness.Request("INVITE"));
        SipServerTransaction tx = h.NextServerTransaction();
        h.Advance(TimeSpan.FromMilliseconds(150));
        Assert.Empty(h.Transport.Sent);
        h.Advance(TimeSpan.FromMilliseconds(50));
        SentMessage trying = Assert.Single(h.Transport.Sent);
        Assert.Equal(100, trying.Status);
        Assert.Null(((SipResponse)trying.Message).To.Tag);
        Assert.Equal(TransactionHarness.Peer, trying.Remote);
        Assert.Equal(SipTransactionState.Proceeding, tx.State);
    }

    [Fact]
    public async Task No_100_when_the_TU_answers_first_and_retransmitted_invite_repeats_the_last_provisional()
    {
        await using var h = new TransactionHarness();
        h.Receive(TransactionHarness.Request("INVITE"));
        SipServerTransaction tx = h.NextServerTransaction();
        await tx.SendResponseAsync(tx.CreateResponse(180));
        h.Advance(TimeSpan.FromSeconds(1));
        h.Receive(TransactionHarness.Request("INVITE"));
        Assert.Equal([180, 180], h.Transport.Sent.Select(s => s.Status));
        Assert.False(h.Layer.IncomingRequests.TryRead(out _));
    }

    [Fact]
    public async Task Non_2xx_final_is_retransmitted_per_timer_G_until_timer_H()
    {
        await using var h = new TransactionHarness();
        h.Receive(TransactionHarness.Request("INVITE"));
        SipServerTransaction tx = h.NextServerTransaction();
        await tx.SendResponseAsync(tx.CreateResponse(486));
        h.Advance(TimeSpan.FromSeconds(40));

        // RFC 3261 §17.2.1: intervals T1, 2T1, 4T1, then T2; Timer H = 64*T1 = 32 s ends it.
        double[] times = h.SendTimes(s => s.Status == 486);
        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], times);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal(SipServerTransactionOutcome.AckTimeout, await tx.Completion);
    }

    [Fact]
    public async Task Ack_for_non_2xx_is_absorbed_stops_retransmission_and_timer_I_ends_it()
    {
        await using var h = new TransactionHarness();
        h.Receive(TransactionHarness.Request("INVITE"));
        SipServerTransaction tx = h.NextServerTransaction();
        await tx.SendResponseAsync(tx.CreateResponse(486));
        h.Advance(TimeSpan.FromSeconds(1));
        h.Receive(TransactionHarness.Request("ACK", toTag: tx.LocalTag, cseqMethod: "ACK"));
        Assert.Equal(SipTransactionState.Confirmed, tx.State);
        h.Receive(TransactionHarness.Request("ACK", toTag: tx.LocalTag, cseqMethod: "ACK"));
        h.Advance(TimeSpan.FromMilliseconds(4950));
        Assert.Equal(SipTransactionState.Confirmed, tx.State);
        h.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal(2, h.Transport.Sent.Count(s => s.Status == 486));
        Assert.False(h.Layer.Unmatched.TryRead(out _));
        Assert.Equal(SipServerTransactionOutcome.Completed, await tx.Completion);
    }

    [Fact]
    public async Task Over_TCP_final_is_not_retransmitted_and_the_ack_ends_the_transaction_at_once()
    {
        await using var h = new TransactionHarness(SipTransportKind.Tcp);
        h.Receive(TransactionHarness.Request("INVITE"));
        SipServerTransaction tx = h.NextServerTransaction();
        await tx.SendResponseAsync(tx.CreateResponse(603));
        h.Advance(TimeSpan.FromSeconds(10));
        Assert.Single(h.Transport.Sent, s => s.Status == 603);
        h.Receive(TransactionHarness.Request("ACK", toTag: tx.LocalTag, cseqMethod: "ACK"));
        Assert.Equal(SipTransactionState.Terminated, tx.State);
    }

    [Fact]
    public async Task After_2xx_invite_retransmissions_are_absorbed_and_the_ack_goes_to_the_dialog_layer()
    {
        await using var h = new TransactionHarness();
        h.Receive(TransactionHarness.Request("INVITE"));
        SipServerTransaction tx = h.NextServerTransaction();
        await tx.SendResponseAsync(tx.CreateResponse(200));
        Assert.Equal(SipTransactionState.Accepted, tx.State);
        h.Advance(TimeSpan.FromSeconds(2));
        h.Receive(TransactionHarness.Request("INVITE"));
        Assert.Single(h.Transport.Sent);
        Assert.False(h.Layer.IncomingRequests.TryRead(out _));

        await tx.SendResponseAsync(tx.CreateResponse(200)); // the dialog layer's own 2xx retransmission
        Assert.Equal(2, h.Transport.Sent.Count);
        h.Receive(TransactionHarness.Request("ACK", toTag: tx.LocalTag, cseqMethod: "ACK"));
        Assert.True(h.Layer.Unmatched.TryRead(out SipInboundMessage? ack));
        Assert.Equal("ACK", ((SipRequest)ack.Message).Method);

        h.Advance(TimeSpan.FromSeconds(30)); // Timer L = 64*T1 from the first 2xx
        Assert.Equal(SipTransactionState.Terminated, tx.State);
    }

    [Fact]
    public async Task Non_invite_final_is_repeated_for_retransmissions_until_timer_J()
    {
        await using var h = new TransactionHarness();
        h.Receive(TransactionHarness.Request("OPTIONS"));
        SipServerTransaction tx = h.NextServerTransaction();
        Assert.Equal(SipTransactionState.Trying, tx.State);
        h.Receive(TransactionHarness.Request("OPTIONS")); // absorbed in Trying: nothing to repeat yet
        Assert.Empty(h.Transport.Sent);
        await tx.SendResponseAsync(tx.CreateResponse(200));
        h.Advance(TimeSpan.FromSeconds(5));
        h.Receive(TransactionHarness.Request("OPTIONS"));
        Assert.Equal(2, h.Transport.Sent.Count(s => s.Status == 200));
        h.Advance(TimeSpan.FromSeconds(26.95));
        Assert.Equal(SipTransactionState.Completed, tx.State);
        h.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(SipTransactionState.Terminated, tx.State);

        h.Receive(TransactionHarness.Request("OPTIONS"));
        Assert.NotSame(tx, h.NextServerTransaction());
    }

    [Fact]
    public async Task Cancel_is_answered_200_and_the_invite_487_and_the_TU_is_told()
    {
        await using var h = new TransactionHarness();
        h.Receive(TransactionHarness.Request("INVITE"));
        SipServerTransaction tx = h.NextServerTransaction();
        await tx.SendResponseAsync(tx.CreateResponse(180));
        h.Receive(TransactionHarness.Request("CANCEL"));

        Assert.True(tx.Cancelled.IsCompleted);
        Assert.False(h.Layer.IncomingRequests.TryRead(out _));
        SentMessage cancelOk = Assert.Single(h.Transport.Sent, s => s.Status == 200);
        Assert.Equal("CANCEL", cancelOk.Message.CSeq.Method);
        SentMessage terminated = Assert.Single(h.Transport.Sent, s => s.Status == 487);
        Assert.Equal("INVITE", terminated.Message.CSeq.Method);
        Assert.Equal(SipTransactionState.Completed, tx.State);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await tx.SendResponseAsync(tx.CreateResponse(200)));
    }

    [Fact]
    public async Task Cancel_matching_nothing_gets_481_and_cancel_after_final_changes_nothing()
    {
        await using var h = new TransactionHarness();
        h.Receive(TransactionHarness.Request("CANCEL", branch: "z9hG4bKnone"));
        Assert.Equal(481, Assert.Single(h.Transport.Sent).Status);

        h.Receive(TransactionHarness.Request("INVITE"));
        SipServerTransaction tx = h.NextServerTransaction();
        await tx.SendResponseAsync(tx.CreateResponse(200));
        h.Receive(TransactionHarness.Request("CANCEL"));
        Assert.False(tx.Cancelled.IsCompleted);
        Assert.DoesNotContain(h.Transport.Sent, s => s.Status == 487);
        Assert.Equal(2, h.Transport.Sent.Count(s => s.Status == 200));
    }

    [Fact]
    public async Task Merged_request_gets_482()
    {
        await using var h = new TransactionHarness();
        h.Receive(TransactionHarness.Request("INVITE", branch: "z9hG4bKpath1"));
        h.NextServerTransaction();
        h.Receive(TransactionHarness.Request("INVITE", branch: "z9hG4bKpath2"));
        Assert.False(h.Layer.IncomingRequests.TryRead(out _));
        SentMessage merged = Assert.Single(h.Transport.Sent);
        Assert.Equal(482, merged.Status);
        Assert.Contains("z9hG4bKpath2", merged.Message.TopVia!.Branch, StringComparison.Ordinal);

        // With a To tag it is a mid-dialog request and not merged.
        h.Receive(TransactionHarness.Request("INVITE", branch: "z9hG4bKpath3", toTag: "dlg"));
        h.NextServerTransaction();
    }

    [Fact]
    public async Task Max_forwards_zero_gets_483_except_options()
    {
        await using var h = new TransactionHarness();
        h.Receive(TransactionHarness.Request("INVITE", maxForwards: 0));
        Assert.Equal(483, Assert.Single(h.Transport.Sent).Status);
        Assert.False(h.Layer.IncomingRequests.TryRead(out _));

        h.Receive(TransactionHarness.Request("OPTIONS", branch: "z9hG4bKopt", maxForwards: 0));
        Assert.Equal("OPTIONS", h.NextServerTransaction().Request.Method);
    }

    [Fact]
    public async Task Rfc2543_requests_without_a_branch_match_their_retransmissions_and_ack()
    {
        await using var h = new TransactionHarness();
        h.Receive(TransactionHarness.Request("INVITE", branch: string.Empty));
        SipServerTransaction tx = h.NextServerTransaction();
        await tx.SendResponseAsync(tx.CreateResponse(404));
        h.Receive(TransactionHarness.Request("INVITE", branch: string.Empty));
        Assert.Equal(2, h.Transport.Sent.Count(s => s.Status == 404));
        Assert.False(h.Layer.IncomingRequests.TryRead(out _));
        h.Receive(TransactionHarness.Request("ACK", branch: string.Empty, toTag: tx.LocalTag, cseqMethod: "ACK"));
        Assert.Equal(SipTransactionState.Confirmed, tx.State);
    }

    [Fact]
    public async Task Requests_the_validator_rejects_are_answered_by_the_layer_and_retransmissions_absorbed()
    {
        var options = new SipTransactionOptions { RequestValidator = new Switchboard.Sip.Parsing.SipRequestValidator() };
        await using var h = new TransactionHarness(options: options);
        string request = TransactionHarness.Request("INVITE").Replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\nRequire: 100rel-ish\r\n", StringComparison.Ordinal);
        h.Receive(request);
        h.Receive(request);
        Assert.False(h.Layer.IncomingRequests.TryRead(out _));
        Assert.Equal([420, 420], h.Transport.Sent.Select(s => s.Status));
        Assert.Contains(h.Transport.Sent[0].Message.Headers, x => x.Name == "Unsupported" && x.Value == "100rel-ish");

        h.Receive(TransactionHarness.Request("OPTIONS", branch: "z9hG4bKok", callId: "ok"));
        h.NextServerTransaction();
    }

    [Fact]
    public async Task Full_TU_queue_answers_503()
    {
        await using var h = new TransactionHarness(options: new SipTransactionOptions { MaxPendingRequests = 1 });
        h.Receive(TransactionHarness.Request("OPTIONS", branch: "z9hG4bK1", callId: "a"));
        h.Receive(TransactionHarness.Request("OPTIONS", branch: "z9hG4bK2", callId: "b"));
        Assert.Equal(503, Assert.Single(h.Transport.Sent).Status);
    }

    [Fact]
    public async Task Transport_failure_ends_the_transaction()
    {
        await using var h = new TransactionHarness();
        h.Receive(TransactionHarness.Request("OPTIONS"));
        SipServerTransaction tx = h.NextServerTransaction();
        h.Transport.FailSends = true;
        await tx.SendResponseAsync(tx.CreateResponse(200));
        Assert.Equal(SipServerTransactionOutcome.TransportError, await tx.Completion);
    }

    [Fact]
    public async Task Responses_are_validated()
    {
        await using var h = new TransactionHarness();
        h.Receive(TransactionHarness.Request("OPTIONS"));
        SipServerTransaction tx = h.NextServerTransaction();
        SipResponse foreign = SipResponseFactory.CreateResponse(TransactionHarness.Parse(TransactionHarness.Request("OPTIONS", cseq: 9)), 200);
        await Assert.ThrowsAsync<ArgumentException>(async () => await tx.SendResponseAsync(foreign));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await tx.SendResponseAsync(null!));
        await tx.SendResponseAsync(tx.CreateResponse(200));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await tx.SendResponseAsync(tx.CreateResponse(500)));
    }
}
