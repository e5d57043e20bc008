using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Tests.Transactions;
using Switchboard.Sip.Uris;

namespace Switchboard.Sip.Tests.Dialogs;

public sealed class SipDialogTests
{
    private static readonly SipUri OurContact = SipUri.Parse("sip:sb@198.51.100.7:5060");

    private static SipRequest Invite(params string[] extra)
    {
        string text = "INVITE sip:bob@example.com SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bKinv1\r\n" +
            "Max-Forwards: 70\r\n" +
            "To: \"Bob\" <sip:bob@example.com>\r\n" +
            "From: \"Alice\" <sip:alice@example.com>;tag=alicetag\r\n" +
            "Call-ID: dlg-1\r\n" +
            "CSeq: 7 INVITE\r\n" +
            "Contact: <sip:alice@192.0.2.10:5070>\r\n" +
            string.Concat(extra.Select(e => e + "\r\n")) +
            "Content-Length: 0\r\n\r\n";
        return TransactionHarness.Parse(text);
    }

    [Fact]
    public void Server_dialog_takes_id_target_and_record_route_in_order()
    {
        SipRequest invite = Invite("Record-Route: <sip:p1.example.com;lr>", "Record-Route: <sip:p2.example.com;lr>");
        SipDialog d = SipDialog.CreateAsServer(invite, "bobtag", OurContact);

        Assert.Equal(("dlg-1", "bobtag", "alicetag"), (d.CallId, d.LocalTag, d.RemoteTag));
        Assert.Equal(7u, d.RemoteSequence);
        Assert.Equal("sip:alice@192.0.2.10:5070", d.RemoteTarget.ToString());
        Assert.Equal(["p1.example.com", "p2.example.com"], d.RouteSet.Select(r => r.Uri.Host));
        Assert.False(d.IsSecure);

        SipRequest bye = d.CreateRequest(SipMethods.Bye);
        Assert.Equal("sip:alice@192.0.2.10:5070", bye.RequestUri.ToString());
        Assert.Equal(["p1.example.com", "p2.example.com"], bye.Routes.Select(r => r.Uri.Host));
        Assert.Equal("bobtag", bye.From.Tag);
        Assert.Equal("alicetag", bye.To.Tag);
        Assert.Equal("sip:bob@example.com", bye.From.Uri.ToString());
        Assert.Equal(new CSeqHeader(1, SipMethods.Bye).ToString(), bye.CSeq.ToString());
        Assert.True(d.Matches(bye) is false, "our own request does not match as a received one");
    }

    [Fact]
    public void Client_dialog_reverses_record_route_and_confirms_from_the_2xx()
    {
        SipRequest invite = Invite();
        SipResponse ringing = TransactionHarness.ResponseTo(invite, 180, toTag: "bobtag");
        ringing.Headers.Add(SipHeaderNames.RecordRoute, "<sip:p1.example.com;lr>");
        ringing.Headers.Add(SipHeaderNames.RecordRoute, "<sip:p2.example.com;lr>");
        ringing.Headers.Add(SipHeaderNames.Contact, "<sip:bob@192.0.2.20>");
        SipDialog d = SipDialog.CreateAsClient(invite, ringing, OurContact);

        Assert.Equal(SipDialogState.Early, d.State);
        Assert.Equal(["p2.example.com", "p1.example.com"], d.RouteSet.Select(r => r.Uri.Host));
        Assert.Equal("alicetag", d.LocalTag);
        Assert.Null(d.RemoteSequence);

        SipResponse ok = TransactionHarness.ResponseTo(invite, 200, toTag: "bobtag");
        ok.Headers.Add(SipHeaderNames.RecordRoute, "<sip:p3.example.com;lr>");
        ok.Headers.Add(SipHeaderNames.Contact, "<sip:bob@192.0.2.21:5062>");
        d.ConfirmAsClient(ok);
        Assert.Equal(SipDialogState.Confirmed, d.State);
        Assert.Equal(["p3.example.com"], d.RouteSet.Select(r => r.Uri.Host));
        Assert.Equal("p3.example.com", d.NextHop.Host);

        SipRequest ack = d.CreateAck(invite);
        Assert.Equal("7 ACK", ack.CSeq.ToString());
        Assert.Equal("sip:bob@192.0.2.21:5062", ack.RequestUri.ToString());
        Assert.Equal("8 BYE", d.CreateRequest(SipMethods.Bye).CSeq.ToString());
        Assert.True(d.Matches(ok));
    }

    [Fact]
    public void Strict_first_route_takes_the_request_uri_and_the_target_goes_last_in_route()
    {
        SipDialog d = SipDialog.CreateAsServer(Invite("Record-Route: <sip:strict.example.com>", "Record-Route: <sip:p2.example.com;lr>"), "bobtag", OurContact);
        SipRequest info = d.CreateRequest(SipMethods.Info);
        Assert.Equal("sip:strict.example.com", info.RequestUri.ToString());
        Assert.Equal(["p2.example.com", "192.0.2.10"], info.Routes.Select(r => r.Uri.Host));
    }

    [Fact]
    public void Remote_cseq_must_increase_and_reinvite_refreshes_the_target()
    {
        SipDialog d = SipDialog.CreateAsServer(Invite(), "bobtag", OurContact);
        SipRequest stale = TransactionHarness.Parse(TransactionHarness.Request("BYE", cseq: 7, toTag: "bobtag", fromTag: "alicetag", callId: "dlg-1"));
        Assert.True(d.Matches(stale));
        Assert.False(d.AcceptRemoteRequest(stale));

        SipRequest reinvite = TransactionHarness.Parse(TransactionHarness.Request("INVITE", cseq: 8, toTag: "bobtag", fromTag: "alicetag", callId: "dlg-1"));
        reinvite.Headers.Add(SipHeaderNames.Contact, "<sip:alice@192.0.2.99:6000>");
        Assert.True(d.AcceptRemoteRequest(reinvite));
        Assert.Equal("sip:alice@192.0.2.99:6000", d.RemoteTarget.ToString());
        Assert.Equal(8u, d.RemoteSequence);
    }

    [Fact]
    public void Bad_inputs_throw_documented_exceptions()
    {
        SipRequest noTag = TransactionHarness.Parse(TransactionHarness.Request("INVITE").Replace(";tag=ft1", string.Empty, StringComparison.Ordinal));
        Assert.Throws<SipDialogException>(() => SipDialog.CreateAsServer(noTag, "x", OurContact));
        SipRequest noContact = TransactionHarness.Parse(TransactionHarness.Request("INVITE"));
        Assert.Throws<SipDialogException>(() => SipDialog.CreateAsServer(noContact, "x", OurContact));
        SipRequest invite = Invite();
        Assert.Throws<SipDialogException>(() => SipDialog.CreateAsClient(invite, TransactionHarness.ResponseTo(invite, 486), OurContact));
        SipDialog d = SipDialog.CreateAsServer(invite, "bobtag", OurContact);
        Assert.Throws<ArgumentException>(() => d.CreateRequest(SipMethods.Ack));
        d.Terminate();
        Assert.Throws<SipDialogException>(() => d.CreateRequest(SipMethods.Bye));
    }
}
