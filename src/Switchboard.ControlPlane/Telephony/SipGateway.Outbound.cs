using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchboard.ControlPlane.Calls;
using Switchboard.ControlPlane.LiveCalls;
using Switchboard.Realtime.Transports.Sip;
using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Rtp;
using Switchboard.Sip.Sdp;
using Switchboard.Sip.Uris;

namespace Switchboard.ControlPlane.Telephony;

// Outbound calls: INVITE through a trunk (or straight to a SIP URI), follow ringing, and on answer run the live call.
// A call that never connects ends its registered record with the reason (busy, no_answer, rejected, ...).
internal sealed partial class SipGateway
{
    /// <summary>Whether the listener is up, so outbound calls can be placed.</summary>
    public bool IsListening => _endpoint is not null && _status.State == "listening";

    /// <summary>
    /// Places <paramref name="dial"/> in the background and returns at once; progress lands on the call's record
    /// (ringing, then in_progress from the session, or ended with the reason it did not connect).
    /// </summary>
    /// <exception cref="InvalidOperationException">The SIP listener is not running.</exception>
    public void Dial(OutboundDial dial)
    {
        ArgumentNullException.ThrowIfNull(dial);
        if (!IsListening) throw new InvalidOperationException("SIP is not listening on this server, so it cannot place calls.");
        lock (_setups)
        {
            _setups.RemoveAll(t => t.IsCompleted);
            _setups.Add(DialGuardedAsync(dial));
        }
    }

    private async Task DialGuardedAsync(OutboundDial dial)
    {
        var callId = dial.Call.CallId!;
        var registry = services.GetRequiredService<CallRegistry>();
        try
        {
            var reason = await DialAsync(dial, registry).ConfigureAwait(false);
            if (reason is not null)
            {
                LogNotConnected(logger, callId, reason);
                await registry.EndUnconnectedAsync(dial.Call.OrganizationId, callId, reason, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            LogDialFailed(logger, e, callId);
            await registry.EndUnconnectedAsync(dial.Call.OrganizationId, callId, "dial_failed", CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Returns the reason the call did not connect, or null once it runs as a live call.</summary>
    private async Task<string?> DialAsync(OutboundDial dial, CallRegistry registry)
    {
        var endpoint = _endpoint ?? throw new InvalidOperationException("SIP is not listening.");
        RtpPortLease lease;
        try
        {
            lease = _ports!.Allocate();
        }
        catch (RtpPortsExhaustedException)
        {
            return "no_media_ports";
        }

        var negotiator = new SdpNegotiator(new SdpNegotiatorOptions(), options.Value.Public, lease.RtpPort);
        SipCall call;
        try
        {
            var host = endpoint.Options.Contact.Host;
            var from = NameAddress.Parse($"<sip:{dial.FromUser}@{host}>");
            call = await endpoint.InviteAsync(dial.Target, from, negotiator.CreateOffer(), dial.Destination, null, dial.AuthUsername, dial.AuthPassword, dial.Transport)
                .ConfigureAwait(false);
        }
        catch
        {
            lease.Dispose();
            throw;
        }

        var reason = await RingAsync(call, dial.RingTimeout,
            () => registry.MarkRingingAsync(dial.Call.OrganizationId, dial.Call.CallId!, CancellationToken.None), CancellationToken.None).ConfigureAwait(false);
        if (reason is not null)
        {
            lease.Dispose();
            return reason;
        }
        return await RunAnsweredAsync(dial, call, negotiator, lease).ConfigureAwait(false);
    }

    /// <summary>
    /// Follows an INVITE we sent until it is answered (null), ends (the disconnection reason), rings past
    /// <paramref name="ringTimeout"/> (CANCEL, <c>no_answer</c>) or is cancelled (CANCEL, <c>cancelled</c>). Reads the
    /// call's events only until the answer: from then on they are the media channel's.
    /// </summary>
    private async Task<string?> RingAsync(SipCall call, TimeSpan ringTimeout, Func<Task>? onRinging, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(ringTimeout, time);
        using var ring = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        string? gaveUp = null;
        while (true)
        {
            SipCallEvent e;
            try
            {
                e = await call.Events.ReadAsync(gaveUp is not null ? CancellationToken.None : ring.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (gaveUp is null && ring.IsCancellationRequested)
            {
                // Rang too long, or nobody wants the call any more: CANCEL the INVITE; the call then ends (487) and the next read sees it.
                gaveUp = cancellationToken.IsCancellationRequested ? "cancelled" : "no_answer";
                await call.HangupAsync(CancellationToken.None).ConfigureAwait(false);
                continue;
            }
            catch (System.Threading.Channels.ChannelClosedException)
            {
                return "dial_failed";
            }

            switch (e.Kind)
            {
                case SipCallEventKind.Ringing when onRinging is not null:
                    await onRinging().ConfigureAwait(false);
                    break;
                case SipCallEventKind.Ended:
                    return gaveUp ?? DisconnectionReason(e.Reason);
                case SipCallEventKind.Answered when gaveUp is not null:
                    // Answered just as we gave up: hang up rather than leave the callee on a silent line.
                    await call.HangupAsync(CancellationToken.None).ConfigureAwait(false);
                    return gaveUp;
                case SipCallEventKind.Answered:
                    return null;
            }
        }
    }

    private async Task<string?> RunAnsweredAsync(OutboundDial dial, SipCall call, SdpNegotiator negotiator, RtpPortLease lease)
    {
        NegotiatedAudio audio;
        try
        {
            audio = negotiator.ProcessAnswer(call.RemoteSdp ?? throw new SdpNegotiationException("the answer carried no SDP"));
        }
        catch (SdpNegotiationException e)
        {
            lease.Dispose();
            LogHungUp(logger, dial.Call.CallId!, e.Message);
            await call.HangupAsync(CancellationToken.None).ConfigureAwait(false);
            return "media_negotiation_failed";
        }

        var rtp = new RtpSession(audio, lease, _clock!, SipMediaChannel.CreateRtpOptions(), time);
        var channel = new SipMediaChannel(call, rtp, ChannelOptions(call, dial.Call.OrganizationId, dial.Call.From), time);
        try
        {
            // The host owns the channel from here: it hangs up when the call ends or cannot start.
            var live = await host.StartAsync(dial.Call, channel, CancellationToken.None).ConfigureAwait(false);
            _calls[live.CallId] = live;
            return null;
        }
        catch (Exception e) when (e is CallCapacityException or ArgumentException)
        {
            LogHungUp(logger, dial.Call.CallId!, e.Message);
            return e is CallCapacityException ? "concurrency_limit_reached" : "agent_unavailable";
        }
    }

    /// <summary>The API's disconnection reasons for a call that ended before it was answered.</summary>
    internal static string DisconnectionReason(string? sipReason) => sipReason switch
    {
        SipCallEndReasons.Busy => "busy",
        SipCallEndReasons.NoAnswer or SipCallEndReasons.Cancelled => "no_answer",
        SipCallEndReasons.Rejected => "rejected",
        SipCallEndReasons.NotFound => "invalid_destination",
        SipCallEndReasons.Unauthorized => "trunk_auth_failed",
        SipCallEndReasons.NotAcceptable => "media_negotiation_failed",
        SipCallEndReasons.Redirected => "redirected",
        _ => "dial_failed",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbound call {CallId} did not connect: {Reason}.")]
    private static partial void LogNotConnected(ILogger logger, string callId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbound call {CallId} failed while dialling.")]
    private static partial void LogDialFailed(ILogger logger, Exception exception, string callId);
}
