using System.Net;

namespace Switchboard.ControlPlane.Telephony;

/// <summary>
/// Decides which organization and agent answer a call to a dialled number, whatever carried it (SIP INVITE, Twilio
/// webhook). Implemented by the phone numbers feature; used by every inbound transport. Thread-safe.
/// </summary>
internal interface IInboundCallRouter
{
    /// <summary>
    /// Finds the number <paramref name="calledNumber"/> (E.164 like <c>+15550100</c>, or a SIP user part like
    /// <c>1000</c>) across all organizations and picks its agent (weighted), applying the number's inbound webhook
    /// when it has one. Null when no number matches (the transport answers 404 / rejects).
    /// </summary>
    /// <param name="calledNumber">The number as dialled (Request-URI user part, Twilio <c>To</c>).</param>
    /// <param name="callerNumber">The caller (From user part, Twilio <c>From</c>), for the inbound webhook.</param>
    /// <param name="transport">"sip", "twilio", ... for the inbound webhook and logs.</param>
    Task<InboundRoute?> ResolveAsync(string calledNumber, string? callerNumber, string transport, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="ResolveAsync(string, string?, string, CancellationToken)"/> for a call that arrived from
    /// <paramref name="source"/> over SIP: a number on a trunk with <c>inbound_networks</c> is only found from those
    /// networks (null otherwise, as if it did not exist, before its inbound webhook is asked). Routers without such a
    /// notion ignore the source.
    /// </summary>
    Task<InboundRoute?> ResolveAsync(string calledNumber, string? callerNumber, string transport, IPAddress? source, CancellationToken cancellationToken) =>
        ResolveAsync(calledNumber, callerNumber, transport, cancellationToken);
}
