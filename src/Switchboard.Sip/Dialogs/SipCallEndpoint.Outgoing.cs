using System.Text;
using Switchboard.Sip.Auth;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Sdp;
using Switchboard.Sip.Transactions;
using Switchboard.Sip.Transport;

namespace Switchboard.Sip.Dialogs;

/// <summary>The outgoing-call side of <see cref="SipCallEndpoint"/>: our INVITE's responses, ACK for 2xx, and the one retry with credentials.</summary>
public sealed partial class SipCallEndpoint
{
    private async Task RunOutgoingGuardedAsync(SipCall call, SipClientTransaction tx, SipRequest invite, SipEndPoint destination, CancellationToken stop)
    {
        try
        {
            await RunOutgoingAsync(call, tx, invite, destination, stop).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SipDialogException or ArgumentException or InvalidOperationException or Parsing.SipParseException)
        {
            // A peer's malformed answer or an unusable challenge ends the call instead of leaving it hanging.
            call.End(SipCallEndReasons.Failed, 0, e.Message);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            call.End(SipCallEndReasons.Failed, 0, "The SIP endpoint stopped before the call was answered.");
        }
        finally
        {
            _outgoing.TryRemove(call, out _);
        }
    }

    private async Task RunOutgoingAsync(SipCall call, SipClientTransaction tx, SipRequest invite, SipEndPoint destination, CancellationToken stop)
    {
        bool retried = false;
        while (true)
        {
            SipResponse? final = null;
            await foreach (SipResponse r in tx.Responses.ReadAllAsync(stop).ConfigureAwait(false))
            {
                if (r.StatusCode < 200)
                {
                    if (r.StatusCode > 100 && r.To.Tag is not null && call.Dialog is null)
                    {
                        call.Dialog = SipDialog.CreateAsClient(invite, r, Options.Contact);
                        Register(call);
                    }

                    if (r.StatusCode is 180 or 183)
                    {
                        call.Raise(new SipCallEvent(SipCallEventKind.Ringing, StatusCode: r.StatusCode));
                    }

                    continue;
                }

                if (r.StatusCode < 300)
                {
                    OnOutgoing2xx(call, invite, r);
                    continue;
                }

                final = r;
                break;
            }

            final ??= call.Answered ? null : await tx.FinalResponse.WaitAsync(stop).ConfigureAwait(false);
            if (final is null || final.StatusCode < 300)
            {
                return;
            }

            if (final.StatusCode is 401 or 407 && !retried && call.AuthUsername is string user)
            {
                retried = true;
                invite = WithCredentials(invite, final, user, call.AuthPassword);
                call.PendingInvite = invite;
                tx = Layer.SendRequest(invite, destination, call.Transport);
                call.PendingInviteTransaction = tx;
                continue;
            }

            call.End(SipCallEndReasons.FromStatus(final.StatusCode), final.StatusCode);
            return;
        }
    }

    private void OnOutgoing2xx(SipCall call, SipRequest invite, SipResponse ok)
    {
        if (call.Dialog is null)
        {
            call.Dialog = SipDialog.CreateAsClient(invite, ok, Options.Contact);
            Register(call);
        }
        else if (!call.Answered)
        {
            if (call.Dialog.RemoteTag != ok.To.Tag)
            {
                // A second fork answered: this slice keeps one dialog per call (ACK it, then BYE would be proper).
                return;
            }

            call.Dialog.ConfirmAsClient(ok);
        }

        SendAck(call, invite);
        if (call.Answered)
        {
            return;
        }

        call.Answered = true;
        if (!ok.Body.IsEmpty && SessionDescription.TryParse(Encoding.UTF8.GetString(ok.Body.Span), out SessionDescription? answer, out _))
        {
            call.RemoteSdp = answer;
        }

        call.RaiseAnsweredOnce(ok.StatusCode);
    }

    internal void SendAck(SipCall call, SipRequest invite)
    {
        // The ACK for a 2xx is a transaction of its own (§13.2.2.4): our INVITE's sent-by, a fresh branch.
        SipRequest ack = call.Dialog!.CreateAck(invite);
        ViaHeader ours = invite.TopVia!;
        var via = new ViaHeader(ours.Transport, ours.Host, ours.Port, ViaHeader.MagicCookie + SipInboundProcessor.NewTag());
        via.Parameters.Add("rport", null);
        ack.Headers.AddFirst(SipHeaderNames.Via, via.ToString());
        Layer.SendStateless(ack, call.Destination, call.Transport);
    }

    private static SipRequest WithCredentials(SipRequest previous, SipResponse challenge, string user, string password)
    {
        string header = challenge.StatusCode == 401 ? SipHeaderNames.WwwAuthenticate : "Proxy-Authenticate";
        string answerHeader = challenge.StatusCode == 401 ? SipHeaderNames.Authorization : SipHeaderNames.ProxyAuthorization;
        var client = new SipDigestClient(user, password);
        DigestCredentials credentials = client.Respond(challenge.Headers.GetAll(header).Select(h => h.Value), SipMethods.Invite, previous.RequestUri.ToString(), previous.Body.Span);
        var invite = new SipRequest(SipMethods.Invite, previous.RequestUri);
        foreach (SipHeader h in previous.Headers)
        {
            if (h.Is(SipHeaderNames.Via) || h.Is(SipHeaderNames.CSeq) || h.Is(SipHeaderNames.Authorization) || h.Is(SipHeaderNames.ProxyAuthorization))
            {
                continue;
            }

            invite.Headers.Add(h.Name, h.Value);
        }

        invite.Headers.Add(SipHeaderNames.CSeq, (previous.CSeq.Sequence + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + " INVITE");
        invite.Headers.Add(answerHeader, credentials.ToString());
        invite.Body = previous.Body;
        return invite;
    }
}
