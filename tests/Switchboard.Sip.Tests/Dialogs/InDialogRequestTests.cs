using System.Text;
using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Sdp;

namespace Switchboard.Sip.Tests.Dialogs;

public sealed class InDialogRequestTests
{
    [Fact]
    public async Task Reinvite_sendonly_is_held_and_answered_recvonly_then_sendrecv_resumes()
    {
        await using var k = CallTestKit.Create();
        (SipCall call, string tag) = await k.AnsweredInboundCallAsync();

        k.H.Receive(CallTestKit.PeerRequest("INVITE", 2, tag, "z9hG4bKre1", "application/sdp", CallTestKit.PeerOffer("sendonly")));
        SipCallEvent held = await CallTestKit.NextEventAsync(call);
        Assert.Equal(SipCallEventKind.Held, held.Kind);
        SipCallEvent media = await CallTestKit.NextEventAsync(call);
        Assert.Equal((SipCallEventKind.MediaChanged, SdpDirection.RecvOnly), (media.Kind, media.Audio!.Direction));
        Assert.False(media.Audio.CanSend);
        SipResponse ok = (SipResponse)(await k.SentAsync(s => s.Status == 200 && ((SipResponse)s.Message).CSeq.Sequence == 2)).Message;
        SessionDescription answer = SessionDescription.Parse(ok.Body.Span);
        Assert.Equal(SdpDirection.RecvOnly, answer.EffectiveDirection(answer.Media[0]));
        k.H.Receive(CallTestKit.PeerRequest("ACK", 2, tag, "z9hG4bKack2"));

        k.H.Receive(CallTestKit.PeerRequest("INVITE", 3, tag, "z9hG4bKre2", "application/sdp", CallTestKit.PeerOffer("inactive")));
        SipResponse ok3 = (SipResponse)(await k.SentAsync(s => s.Status == 200 && ((SipResponse)s.Message).CSeq.Sequence == 3)).Message;
        SessionDescription inactive = SessionDescription.Parse(ok3.Body.Span);
        Assert.Equal(SdpDirection.Inactive, inactive.EffectiveDirection(inactive.Media[0]));
        k.H.Receive(CallTestKit.PeerRequest("ACK", 3, tag, "z9hG4bKack3"));
        // Still held: no second Held, only the new direction.
        media = await CallTestKit.NextEventAsync(call);
        Assert.Equal((SipCallEventKind.MediaChanged, SdpDirection.Inactive), (media.Kind, media.Audio!.Direction));

        k.H.Receive(CallTestKit.PeerRequest("INVITE", 4, tag, "z9hG4bKre3", "application/sdp", CallTestKit.PeerOffer()));
        Assert.Equal(SipCallEventKind.Resumed, (await CallTestKit.NextEventAsync(call)).Kind);
        media = await CallTestKit.NextEventAsync(call);
        Assert.Equal((SipCallEventKind.MediaChanged, SdpDirection.SendRecv), (media.Kind, media.Audio!.Direction));
        SipResponse ok4 = (SipResponse)(await k.SentAsync(s => s.Status == 200 && ((SipResponse)s.Message).CSeq.Sequence == 4)).Message;
        SessionDescription resumed = SessionDescription.Parse(ok4.Body.Span);
        Assert.Equal(SdpDirection.SendRecv, resumed.EffectiveDirection(resumed.Media[0]));
    }

    [Fact]
    public async Task Reinvite_moving_the_media_is_answered_and_raised_and_one_changing_the_codec_gets_488()
    {
        await using var k = CallTestKit.Create();
        (SipCall call, string tag) = await k.AnsweredInboundCallAsync();
        NegotiatedAudio first = call.Negotiator!.Current!;

        // Same codec, new address and port (a carrier's media relay moved).
        string moved = CallTestKit.PeerOffer().Replace("192.0.2.1", "198.51.100.7", StringComparison.Ordinal).Replace("m=audio 30000", "m=audio 31000", StringComparison.Ordinal);
        k.H.Receive(CallTestKit.PeerRequest("INVITE", 2, tag, "z9hG4bKmv", "application/sdp", moved));
        SipCallEvent media = await CallTestKit.NextEventAsync(call);
        Assert.Equal(SipCallEventKind.MediaChanged, media.Kind);
        Assert.Equal(("198.51.100.7", 31000, first.Codec.EncodingName), (media.Audio!.RemoteAddress, media.Audio.RemotePort, media.Audio.Codec.EncodingName));
        await k.SentAsync(s => s.Status == 200 && ((SipResponse)s.Message).CSeq.Sequence == 2);
        k.H.Receive(CallTestKit.PeerRequest("ACK", 2, tag, "z9hG4bKmvack"));

        // A re-offer that leaves out the codec in use cannot be followed by the RTP session: 488, nothing changes.
        string pcmaOnly = moved.Replace("RTP/AVP 0 8 101", "RTP/AVP 8 101", StringComparison.Ordinal);
        Assert.NotEqual(moved, pcmaOnly);
        k.H.Receive(CallTestKit.PeerRequest("INVITE", 3, tag, "z9hG4bKcodec", "application/sdp", pcmaOnly));
        await k.SentAsync(s => s.Status == 488 && ((SipResponse)s.Message).CSeq.Sequence == 3);
        Assert.Equal(31000, call.Negotiator.Current!.RemotePort);
        Assert.Equal(first.Codec.EncodingName, call.Negotiator.Current.Codec.EncodingName);
        Assert.False(call.Events.TryRead(out _));
    }

    [Fact]
    public async Task Info_digits_in_both_formats_become_dtmf_events_and_unknown_bodies_get_415()
    {
        await using var k = CallTestKit.Create();
        (SipCall call, string tag) = await k.AnsweredInboundCallAsync();

        k.H.Receive(CallTestKit.PeerRequest("INFO", 2, tag, "z9hG4bKi1", "application/dtmf-relay", "Signal=5\r\nDuration=160\r\n"));
        Assert.Equal('5', (await CallTestKit.NextEventAsync(call)).Digit);
        k.H.Receive(CallTestKit.PeerRequest("INFO", 3, tag, "z9hG4bKi2", "application/dtmf", "#"));
        Assert.Equal('#', (await CallTestKit.NextEventAsync(call)).Digit);
        k.H.Receive(CallTestKit.PeerRequest("INFO", 4, tag, "z9hG4bKi3", "text/plain", "hello"));
        await k.SentAsync(s => s.Status == 415);
        Assert.Equal(2, k.Count(s => s.Status == 200 && ((SipResponse)s.Message).CSeq.Method == "INFO"));

        // Out-of-order CSeq (RFC 3261 §12.2.2) is refused, not raised.
        k.H.Receive(CallTestKit.PeerRequest("INFO", 3, tag, "z9hG4bKi4", "application/dtmf", "9"));
        await k.SentAsync(s => s.Status == 500);
    }

    [Fact]
    public async Task Refer_gets_202_notify_trying_a_transfer_event_and_a_final_notify()
    {
        await using var k = CallTestKit.Create();
        (SipCall call, string tag) = await k.AnsweredInboundCallAsync();

        k.H.Receive(CallTestKit.PeerRequest("REFER", 2, tag, "z9hG4bKref", extra: ["Refer-To: <sip:carol@192.0.2.70>"]));
        await k.SentAsync(s => s.Status == 202);
        SipCallEvent requested = await CallTestKit.NextEventAsync(call);
        Assert.Equal(SipCallEventKind.TransferRequested, requested.Kind);
        Assert.Equal("sip:carol@192.0.2.70", requested.TransferTarget!.ToString());

        var trying = (SipRequest)(await k.SentAsync(s => s.Method == "NOTIFY")).Message;
        Assert.Equal(CallTestKit.PeerContact, trying.RequestUri.ToString());
        Assert.Equal("refer;id=2", trying.Headers.GetFirstValue(SipHeaderNames.Event));
        Assert.StartsWith("message/sipfrag", trying.ContentType, StringComparison.Ordinal);
        Assert.Equal("SIP/2.0 100 Trying\r\n", Encoding.ASCII.GetString(trying.Body.Span));
        k.H.Receive(Transactions.TransactionHarness.ResponseTo(trying, 200, toTag: "alicetag"));

        Task<int> report = call.ReportTransferResultAsync(200);
        var final = (SipRequest)(await k.SentAsync(s => s.Method == "NOTIFY", nth: 2)).Message;
        Assert.Equal("SIP/2.0 200 OK\r\n", Encoding.ASCII.GetString(final.Body.Span));
        Assert.StartsWith("terminated", final.Headers.GetFirstValue("Subscription-State"), StringComparison.Ordinal);
        k.H.Receive(Transactions.TransactionHarness.ResponseTo(final, 200, toTag: "alicetag"));
        Assert.Equal(200, await report);
        await Assert.ThrowsAsync<SipDialogException>(() => call.ReportTransferResultAsync(200));
    }

    [Fact]
    public async Task Refer_without_refer_to_gets_400()
    {
        await using var k = CallTestKit.Create();
        (_, string tag) = await k.AnsweredInboundCallAsync();
        k.H.Receive(CallTestKit.PeerRequest("REFER", 2, tag, "z9hG4bKref"));
        await k.SentAsync(s => s.Status == 400);
    }

    [Fact]
    public async Task Back_to_back_infos_keep_their_order_and_in_dialog_options_is_answered()
    {
        await using var k = CallTestKit.Create();
        (SipCall call, string tag) = await k.AnsweredInboundCallAsync();
        for (uint i = 0; i < 6; i++)
        {
            k.H.Receive(CallTestKit.PeerRequest("INFO", 2 + i, tag, "z9hG4bKseq" + i, "application/dtmf", ((char)('1' + i)).ToString()));
        }

        var digits = new List<char>();
        for (int i = 0; i < 6; i++)
        {
            digits.Add((await CallTestKit.NextEventAsync(call)).Digit);
        }

        Assert.Equal("123456", new string([.. digits]));
        Assert.Equal(0, k.Count(s => s.Status == 500));

        k.H.Receive(CallTestKit.PeerRequest("OPTIONS", 20, tag, "z9hG4bKopt"));
        SipResponse ok = (SipResponse)(await k.SentAsync(s => s.Status == 200 && ((SipResponse)s.Message).CSeq.Method == "OPTIONS")).Message;
        Assert.Equal(tag, ok.To.Tag);
        Assert.Contains("REFER", ok.Headers.GetFirstValue("Allow"), StringComparison.Ordinal);
    }
}
