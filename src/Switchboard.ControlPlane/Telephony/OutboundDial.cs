using Switchboard.ControlPlane.LiveCalls;
using Switchboard.Sip.Transport;
using Switchboard.Sip.Uris;

namespace Switchboard.ControlPlane.Telephony;

/// <summary>An outbound call to place: where the INVITE goes, who it is from, and the live call to run once answered.</summary>
/// <param name="Target">The Request-URI (<c>sip:+15550100@carrier</c>, or the SIP URI dialled directly).</param>
/// <param name="Destination">Where the INVITE is sent (the trunk's or the URI's address, resolved).</param>
/// <param name="FromUser">The From user part: the calling number or the trunk's caller id.</param>
/// <param name="AuthUsername">The trunk's digest username for a 401/407, or null.</param>
/// <param name="AuthPassword">The trunk's digest password (decrypted), or null.</param>
/// <param name="RingTimeout">How long the far end may ring before we give up (no_answer).</param>
/// <param name="Call">The live call to start on answer; its <see cref="LiveCallRequest.CallId"/> is the registered call.</param>
internal sealed record OutboundDial(
    SipUri Target,
    SipEndPoint Destination,
    string FromUser,
    string? AuthUsername,
    string? AuthPassword,
    TimeSpan RingTimeout,
    LiveCallRequest Call)
{
    /// <summary>The transport the call goes over: the trunk's, or UDP (TCP for a <c>;transport=tcp</c> URI dialled directly).</summary>
    public SipTransportKind Transport { get; init; } = SipTransportKind.Udp;
}
