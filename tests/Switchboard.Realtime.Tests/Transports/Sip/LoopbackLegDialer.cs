using System.Net;
using Switchboard.Realtime.Transports;
using Switchboard.Realtime.Transports.Sip;
using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Rtp;
using Switchboard.Sip.Sdp;
using Switchboard.Sip.Transport;
using Switchboard.Sip.Uris;

namespace Switchboard.Realtime.Tests.Transports.Sip;

/// <summary>
/// The tests' stand-in for the gateway's dialer: places the second leg from the rig's agent endpoint to a SIP URI on
/// 127.0.0.1, follows it to the answer (or busy / CANCEL on cancellation), and hands over call and media.
/// </summary>
internal sealed class LoopbackLegDialer(SipLoopback rig) : ISipLegDialer
{
    public int Dialled;

    public async ValueTask<SipLegDialResult> DialAsync(string target, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Dialled);
        var uri = SipUri.Parse(target);
        var lease = rig.Ports.Allocate();
        var negotiator = new SdpNegotiator(new SdpNegotiatorOptions(), IPAddress.Loopback, lease.RtpPort);
        var call = await rig.AgentEndpoint.InviteAsync(uri, NameAddress.Parse($"<sip:agent@127.0.0.1:{rig.AgentPort}>"), negotiator.CreateOffer(),
            new SipEndPoint(IPAddress.Loopback, uri.Port!.Value), cancellationToken: CancellationToken.None);
        var cancelled = false;
        while (true)
        {
            SipCallEvent e;
            try
            {
                e = await call.Events.ReadAsync(cancelled ? rig.Guard.Token : cancellationToken);
            }
            catch (OperationCanceledException) when (!cancelled && cancellationToken.IsCancellationRequested)
            {
                cancelled = true;
                await call.HangupAsync(CancellationToken.None);
                continue;
            }
            if (e.Kind == SipCallEventKind.Answered && !cancelled)
                return SipLegDialResult.Answered(call, new RtpSession(negotiator.ProcessAnswer(call.RemoteSdp!), lease, rig.Clock, SipMediaChannel.CreateRtpOptions()));
            if (e.Kind == SipCallEventKind.Ended)
            {
                lease.Dispose();
                cancellationToken.ThrowIfCancellationRequested();
                return e.Reason == SipCallEndReasons.Busy
                    ? SipLegDialResult.Failed("busy", TransferOutcomeCodes.Busy)
                    : SipLegDialResult.Failed(e.Reason ?? "ended", TransferOutcomeCodes.Failed);
            }
        }
    }
}
