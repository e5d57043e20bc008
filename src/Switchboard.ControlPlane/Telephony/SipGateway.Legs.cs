using Microsoft.Extensions.DependencyInjection;
using Switchboard.Realtime.Transports;
using Switchboard.Realtime.Transports.Sip;
using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Rtp;
using Switchboard.Sip.Sdp;
using Switchboard.Sip.Uris;

namespace Switchboard.ControlPlane.Telephony;

// The second call of a transfer: placed like an outbound call, but answered into a leg the agent briefs or bridges
// (SipConsultLeg, SipBridge) instead of a live call of its own.
internal sealed partial class SipGateway
{
    private SipBridgeHost? _bridges;

    /// <summary>How long a transfer's second call may ring.</summary>
    internal TimeSpan TransferRingTimeout => TimeSpan.FromSeconds(options.Value.TransferRingTimeoutSeconds);

    /// <summary>Calls joined by transfers that are still running (their agent sessions have ended).</summary>
    internal int BridgedCalls => _bridges?.Count ?? 0;

    /// <summary>Media channel settings for a call of <paramref name="organizationId"/> on our number <paramref name="ourNumber"/>.</summary>
    private SipMediaChannelOptions ChannelOptions(SipCall call, string organizationId, string? ourNumber) => new()
    {
        DetectInBandDtmf = options.Value.DetectInBandDtmf,
        TransferTimeout = TimeSpan.FromSeconds(options.Value.TransferTimeoutSeconds),
        LegDialer = new GatewayLegDialer(this, services.GetRequiredService<IServiceScopeFactory>(), organizationId, ourNumber, call),
        Bridges = _bridges,
    };

    /// <summary>Places one transfer leg along <paramref name="dial"/> and waits for its answer; cancelling CANCELs it.</summary>
    internal async ValueTask<SipLegDialResult> PlaceLegAsync(OutboundDial dial, CancellationToken cancellationToken)
    {
        if (_endpoint is not { } endpoint || _clock is not { } clock || _ports is not { } ports)
            return SipLegDialResult.Failed("SIP is not listening on this server.", TransferOutcomeCodes.Failed);
        RtpPortLease lease;
        try
        {
            lease = ports.Allocate();
        }
        catch (RtpPortsExhaustedException)
        {
            return SipLegDialResult.Failed("No RTP port is free for the second call.", TransferOutcomeCodes.Failed);
        }

        var negotiator = new SdpNegotiator(new SdpNegotiatorOptions(), options.Value.Public, lease.RtpPort);
        SipCall call;
        try
        {
            var from = NameAddress.Parse($"<sip:{dial.FromUser}@{endpoint.Options.Contact.Host}>");
            call = await endpoint.InviteAsync(dial.Target, from, negotiator.CreateOffer(), dial.Destination, null, dial.AuthUsername, dial.AuthPassword,
                dial.Transport, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lease.Dispose();
            throw;
        }
        catch (Exception e) when (e is SipDialogException or ArgumentException or InvalidOperationException)
        {
            lease.Dispose();
            return SipLegDialResult.Failed($"The call to the target could not be placed: {e.Message}", TransferOutcomeCodes.Failed);
        }

        var reason = await RingAsync(call, dial.RingTimeout, null, cancellationToken).ConfigureAwait(false);
        if (reason is not null)
        {
            lease.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            return reason switch
            {
                "busy" => SipLegDialResult.Failed("The target was busy.", TransferOutcomeCodes.Busy),
                "no_answer" => SipLegDialResult.Failed($"Nobody answered within {dial.RingTimeout.TotalSeconds:0} s.", TransferOutcomeCodes.NoAnswer),
                _ => SipLegDialResult.Failed($"The call to the target failed: {reason}.", TransferOutcomeCodes.Failed),
            };
        }

        try
        {
            var audio = negotiator.ProcessAnswer(call.RemoteSdp ?? throw new SdpNegotiationException("the answer carried no SDP"));
            return SipLegDialResult.Answered(call, new RtpSession(audio, lease, clock, SipMediaChannel.CreateRtpOptions(), time));
        }
        catch (SdpNegotiationException e)
        {
            lease.Dispose();
            await call.HangupAsync(CancellationToken.None).ConfigureAwait(false);
            return SipLegDialResult.Failed($"The target's answer had no usable audio: {e.Message}", TransferOutcomeCodes.Failed);
        }
    }
}
