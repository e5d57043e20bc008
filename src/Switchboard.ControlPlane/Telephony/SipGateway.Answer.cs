using Switchboard.Realtime.Transports.Sip;
using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Rtp;
using Switchboard.Sip.Sdp;

namespace Switchboard.ControlPlane.Telephony;

// The two ways to answer an INVITE: its offer gets our answer, or (no SDP in it) our offer goes in the 200 and the
// caller's answer comes in the ACK. Both own the port lease: it ends up in the RTP session or is disposed.
internal sealed partial class SipGateway
{
    private async Task<(SipCall Call, RtpSession Rtp)?> AnswerOfferAsync(
        SipIncomingCall incoming, SdpNegotiator negotiator, RtpPortLease lease, CancellationToken cancellationToken)
    {
        var answer = negotiator.CreateAnswer(incoming.Offer!);
        if (!answer.IsSuccess)
        {
            lease.Dispose();
            LogRefused(logger, incoming.CallId, 488, answer.FailureReason ?? "no common codec");
            await incoming.RejectAsync(SdpAnswerResult.NotAcceptableHere, cancellationToken).ConfigureAwait(false);
            return null;
        }

        // The RTP session exists before the 200 leaves, so the caller's first packets find it.
        var rtp = new RtpSession(answer.Audio!, lease, _clock!, SipMediaChannel.CreateRtpOptions(), time);
        try
        {
            return (await incoming.AcceptAsync(negotiator, cancellationToken).ConfigureAwait(false), rtp);
        }
        catch
        {
            await rtp.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<(SipCall Call, RtpSession Rtp)?> AnswerWithOfferAsync(
        SipIncomingCall incoming, SdpNegotiator negotiator, RtpPortLease lease, CancellationToken cancellationToken)
    {
        SipLateOfferAnswer accepted;
        try
        {
            // Until the ACK brings the answer there is nowhere to send media; the stack hangs up when it never comes.
            accepted = await incoming.AcceptWithOfferAsync(negotiator, cancellationToken).ConfigureAwait(false);
        }
        catch (SdpNegotiationException e)
        {
            lease.Dispose();
            LogHungUp(logger, incoming.CallId, e.Message);
            return null;
        }
        catch
        {
            lease.Dispose();
            throw;
        }

        return (accepted.Call, new RtpSession(accepted.Audio, lease, _clock!, SipMediaChannel.CreateRtpOptions(), time));
    }
}
