using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchboard.ControlPlane.LiveCalls;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Transports.Sip;
using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Rtp;
using Switchboard.Sip.Sdp;

namespace Switchboard.ControlPlane.Telephony;

// One incoming INVITE: route, admit, negotiate, answer, hand to the live call host. Every refusal is a SIP status.
internal sealed partial class SipGateway
{
    private async Task AnswerGuardedAsync(SipIncomingCall incoming, CancellationToken cancellationToken)
    {
        try
        {
            await AnswerAsync(incoming, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SipDialogException or OperationCanceledException)
        {
            // The caller cancelled, or the server is stopping: nothing left to answer.
            LogAbandoned(logger, incoming.CallId, e.Message);
        }
        catch (Exception e)
        {
            LogSetupFailed(logger, e, incoming.CallId);
            await TryRejectAsync(incoming, 500, null).ConfigureAwait(false);
        }
    }

    private async Task AnswerAsync(SipIncomingCall incoming, CancellationToken cancellationToken)
    {
        var called = incoming.RequestUri.User ?? incoming.Callee.Uri.User;
        var caller = incoming.Caller.Uri.User;
        var router = services.GetService<IInboundCallRouter>();
        var route = router is null || string.IsNullOrEmpty(called)
            ? null
            : await router.ResolveAsync(called, caller, "sip", incoming.Source.Address, cancellationToken).ConfigureAwait(false);
        if (route is null)
        {
            LogRefused(logger, incoming.CallId, 404, router is null ? "no inbound router is registered" : "no number matches the Request-URI");
            await incoming.RejectAsync(404, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!host.HasCapacity(route.OrganizationId))
        {
            LogRefused(logger, incoming.CallId, 503, "at the concurrent call limit");
            await RejectBusyAsync(incoming, TimeSpan.FromSeconds(callOptions.Value.RetryAfterSeconds), cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            // Before answering: a number whose agent is gone must not pick up and then hang up on the caller.
            await agents.LoadAsync(route.OrganizationId, route.AgentId, route.AgentVersion, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            LogRefused(logger, incoming.CallId, 480, e.Message);
            await incoming.RejectAsync(480, cancellationToken).ConfigureAwait(false);
            return;
        }

        RtpPortLease lease;
        try
        {
            lease = _ports!.Allocate();
        }
        catch (RtpPortsExhaustedException)
        {
            LogRefused(logger, incoming.CallId, 503, "no RTP port pair is free");
            await RejectBusyAsync(incoming, TimeSpan.FromSeconds(callOptions.Value.RetryAfterSeconds), cancellationToken).ConfigureAwait(false);
            return;
        }

        // The lease is owned by the answer methods from here: they dispose it, or hand it to the RTP session.
        var negotiator = new SdpNegotiator(new SdpNegotiatorOptions(), options.Value.Public, lease.RtpPort);
        var answered = incoming.Offer is null
            ? await AnswerWithOfferAsync(incoming, negotiator, lease, cancellationToken).ConfigureAwait(false)
            : await AnswerOfferAsync(incoming, negotiator, lease, cancellationToken).ConfigureAwait(false);
        if (answered is not { } pair)
        {
            return;
        }

        var (call, rtp) = pair;

        var channel = new SipMediaChannel(call, rtp, ChannelOptions(call, route.OrganizationId, route.Number), time);
        var variables = new Dictionary<string, string>(route.DynamicVariables, StringComparer.Ordinal);
        SipHeaderVariables.AddTo(variables, incoming.Headers);
        var request = new LiveCallRequest(route.OrganizationId, route.AgentId, route.AgentVersion, CallDirection.Inbound, caller, called, "sip")
        {
            DynamicVariables = variables,
            Metadata = route.Metadata,
            IvrMenuId = route.IvrMenuId,
        };

        try
        {
            // The host owns the channel from here: it disposes it (BYE) when the call ends or cannot start.
            var live = await host.StartAsync(request, channel, cancellationToken).ConfigureAwait(false);
            foreach (var (id, ended) in _calls)
            {
                if (ended.Completion.IsCompleted) _calls.TryRemove(id, out _);
            }
            _calls[live.CallId] = live;
            LogAnswered(logger, incoming.CallId, live.CallId, route.OrganizationId, route.AgentId);
        }
        catch (CallCapacityException e)
        {
            LogHungUp(logger, incoming.CallId, e.Message);
        }
        catch (ArgumentException e)
        {
            LogHungUp(logger, incoming.CallId, e.Message);
        }
    }

    private static Task RejectBusyAsync(SipIncomingCall incoming, TimeSpan retryAfter, CancellationToken cancellationToken) =>
        incoming.RejectAsync(503,
            [new KeyValuePair<string, string>("Retry-After", ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture))],
            cancellationToken);

    private static async Task TryRejectAsync(SipIncomingCall incoming, int status, IEnumerable<KeyValuePair<string, string>>? headers)
    {
        try
        {
            await incoming.RejectAsync(status, headers, CancellationToken.None).ConfigureAwait(false);
        }
        catch (SipDialogException)
        {
            // Already answered or cancelled: the call's own path ends it.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SIP call {SipCallId} refused with {Status}: {Reason}.")]
    private static partial void LogRefused(ILogger logger, string sipCallId, int status, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "SIP call {SipCallId} answered as call {CallId} (organization {OrganizationId}, agent {AgentId}).")]
    private static partial void LogAnswered(ILogger logger, string sipCallId, string callId, string organizationId, string agentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SIP call {SipCallId} was answered but could not start and was hung up: {Reason}")]
    private static partial void LogHungUp(ILogger logger, string sipCallId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "SIP call {SipCallId} abandoned before it was answered: {Reason}")]
    private static partial void LogAbandoned(ILogger logger, string sipCallId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "SIP call {SipCallId} failed during setup.")]
    private static partial void LogSetupFailed(ILogger logger, Exception exception, string sipCallId);
}
