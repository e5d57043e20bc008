using System.Globalization;
using System.Text;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Sdp;
using Switchboard.Sip.Transactions;

namespace Switchboard.Sip.Dialogs;

/// <summary>
/// Answers the requests a peer sends inside a call's dialog (BYE, re-INVITE, INFO, REFER, NOTIFY, OPTIONS) and turns
/// them into call events. Stateless; the state lives in <see cref="SipCall"/>.
/// </summary>
internal static class SipCallRequestHandler
{
    public static async Task HandleAsync(SipCall call, SipServerTransaction tx)
    {
        SipRequest request = tx.Request;
        SipDialog dialog = call.Dialog!;
        if (!dialog.AcceptRemoteRequest(request))
        {
            await tx.SendResponseAsync(tx.CreateResponse(500, "CSeq Out Of Order")).ConfigureAwait(false);
            return;
        }

        switch (request.Method)
        {
            case SipMethods.Bye:
                await tx.SendResponseAsync(tx.CreateResponse(200)).ConfigureAwait(false);
                call.End(SipCallEndReasons.RemoteHangup, 0);
                break;
            case SipMethods.Invite:
                await HandleReInviteAsync(call, tx).ConfigureAwait(false);
                break;
            case SipMethods.Info:
                await HandleInfoAsync(call, tx).ConfigureAwait(false);
                break;
            case SipMethods.Refer when !Advertises(call.Endpoint.Options.Allow, SipMethods.Refer):
                // An endpoint configured without REFER in its Allow takes no transfers (RFC 3261 8.2.1: 405 with Allow).
                SipResponse notAllowed = tx.CreateResponse(405);
                notAllowed.Headers.Add("Allow", call.Endpoint.Options.Allow);
                await tx.SendResponseAsync(notAllowed).ConfigureAwait(false);
                break;
            case SipMethods.Refer:
                await HandleReferAsync(call, tx).ConfigureAwait(false);
                break;
            case SipMethods.Notify:
                await tx.SendResponseAsync(tx.CreateResponse(200)).ConfigureAwait(false);
                call.Raise(new SipCallEvent(SipCallEventKind.TransferProgress, StatusCode: ParseSipfragStatus(request.Body.Span)));
                break;
            case SipMethods.Options:
                await tx.SendResponseAsync(call.Endpoint.CreateOptionsResponse(tx)).ConfigureAwait(false);
                break;
            default:
                SipResponse notImplemented = tx.CreateResponse(501);
                notImplemented.Headers.Add("Allow", call.Endpoint.Options.Allow);
                await tx.SendResponseAsync(notImplemented).ConfigureAwait(false);
                break;
        }
    }

    private static bool Advertises(string allow, string method)
    {
        foreach (var range in allow.AsSpan().Split(','))
        {
            if (allow.AsSpan()[range].Trim().Equals(method, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    private static async Task HandleReInviteAsync(SipCall call, SipServerTransaction tx)
    {
        SessionDescription? offer = null;
        if (!tx.Request.Body.IsEmpty && !SessionDescription.TryParse(Encoding.UTF8.GetString(tx.Request.Body.Span), out offer, out _))
        {
            await tx.SendResponseAsync(tx.CreateResponse(488)).ConfigureAwait(false);
            return;
        }

        SessionDescription? answer = call.LocalSdp;
        NegotiatedAudio? audio = null;
        if (offer is not null)
        {
            SdpDirection offered = SdpHold.OfferedDirection(offer);
            SdpDirection ours = SdpHold.AnswerFor(offered);
            if (call.Negotiator is not null)
            {
                NegotiatedAudio? before = call.Negotiator.Current;
                SdpAnswerResult result = call.Negotiator.CreateAnswer(offer, ours);
                if (!result.IsSuccess || (before is not null && !SameCodec(before, result.Audio!)))
                {
                    // RFC 3261 §14.2: a refused re-INVITE leaves the session as it was. The RTP session cannot switch
                    // codec or payload types mid-call, so a re-offer that would need it is refused too.
                    call.Negotiator.Current = before;
                    await tx.SendResponseAsync(tx.CreateResponse(488)).ConfigureAwait(false);
                    return;
                }

                answer = result.Answer;
                audio = result.Audio;
            }
            else if (answer is not null)
            {
                answer = SdpHold.WithDirection(answer, ours);
            }

            call.RemoteSdp = offer;
            bool hold = SdpHold.IsHold(offered);
            if (call.SetHeld(hold))
            {
                call.Raise(new SipCallEvent(hold ? SipCallEventKind.Held : SipCallEventKind.Resumed, RemoteSdp: offer));
            }

            if (audio is not null)
            {
                call.Raise(new SipCallEvent(SipCallEventKind.MediaChanged, RemoteSdp: offer, Audio: audio));
            }
        }

        call.LocalSdp = answer;
        await call.SendReliable2xxAsync(tx, answer).ConfigureAwait(false);
    }

    private static bool SameCodec(NegotiatedAudio a, NegotiatedAudio b) =>
        a.Codec.EncodingName.Equals(b.Codec.EncodingName, StringComparison.OrdinalIgnoreCase) && a.Codec.ClockRate == b.Codec.ClockRate
        && a.PayloadType == b.PayloadType && a.TelephoneEventPayloadType == b.TelephoneEventPayloadType;

    private static async Task HandleInfoAsync(SipCall call, SipServerTransaction tx)
    {
        if (DtmfInfoCodec.TryParse(tx.Request.ContentType, tx.Request.Body.Span, out char digit))
        {
            await tx.SendResponseAsync(tx.CreateResponse(200)).ConfigureAwait(false);
            call.Raise(new SipCallEvent(SipCallEventKind.Dtmf, Digit: digit));
            return;
        }

        // An empty INFO is a keep-alive probe (RFC 6086 §4.2.2 leaves it legal); anything else we cannot read.
        int status = tx.Request.Body.IsEmpty ? 200 : 415;
        SipResponse response = tx.CreateResponse(status);
        if (status == 415)
        {
            response.Headers.Add(SipHeaderNames.Accept, DtmfInfoCodec.RelayContentType + ", " + DtmfInfoCodec.PlainContentType);
        }

        await tx.SendResponseAsync(response).ConfigureAwait(false);
    }

    private static async Task HandleReferAsync(SipCall call, SipServerTransaction tx)
    {
        string? referTo = tx.Request.Headers.GetFirstValue(SipHeaderNames.ReferTo);
        NameAddress? target = null;
        if (referTo is not null)
        {
            try
            {
                target = NameAddress.Parse(referTo);
            }
            catch (Parsing.SipParseException)
            {
                target = null;
            }
        }

        if (target is null)
        {
            await tx.SendResponseAsync(tx.CreateResponse(400, "Missing or Bad Refer-To")).ConfigureAwait(false);
            return;
        }

        await tx.SendResponseAsync(tx.CreateResponse(202)).ConfigureAwait(false);
        uint cseq = tx.Request.CSeq.Sequence;
        call.PendingReferCSeq = cseq;

        // Not awaited: the request loop must not wait for the peer's answer to our NOTIFY. Started before the event is
        // raised, so the NOTIFY 100 takes its CSeq and goes out before any final NOTIFY the engine sends on the event
        // (the other order makes the peer refuse the final one as out of CSeq order, losing the outcome).
        Task trying = NotifyTryingAsync(call, cseq);
        call.Raise(new SipCallEvent(SipCallEventKind.TransferRequested, TransferTarget: target.Uri));
        _ = trying;
    }

    private static async Task NotifyTryingAsync(SipCall call, uint referCSeq)
    {
        try
        {
            await call.SendNotifyAsync(referCSeq, 100, final: false, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SipDialogException or ArgumentException or ObjectDisposedException)
        {
            // The call ended or the layer closed before the NOTIFY could go out; nothing is waiting for it.
        }
    }

    private static int ParseSipfragStatus(ReadOnlySpan<byte> body)
    {
        string text = Encoding.UTF8.GetString(body);
        string[] parts = text.Split(' ', 3);
        return parts.Length >= 2 && parts[0].StartsWith("SIP/", StringComparison.Ordinal) && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int s) ? s : 0;
    }
}
