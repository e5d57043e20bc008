using Switchboard.Sip.Sdp;
using Switchboard.Sip.Uris;

namespace Switchboard.Sip.Dialogs;

/// <summary>One thing that happened to a call. Immutable; thread-safe.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Reason">For <see cref="SipCallEventKind.Ended"/>: one of <see cref="SipCallEndReasons"/>.</param>
/// <param name="StatusCode">The SIP status behind the event (final status, sipfrag status), 0 when none.</param>
/// <param name="Digit">For <see cref="SipCallEventKind.Dtmf"/>: 0-9, *, #, A-D.</param>
/// <param name="TransferTarget">For <see cref="SipCallEventKind.TransferRequested"/>: the Refer-To URI.</param>
/// <param name="RemoteSdp">For answered/held/resumed: the peer's session description.</param>
/// <param name="Detail">For <see cref="SipCallEventKind.Ended"/> with reason failed: what went wrong (for logs).</param>
/// <param name="Audio">For <see cref="SipCallEventKind.MediaChanged"/>: the audio the re-INVITE negotiated.</param>
public sealed record SipCallEvent(
    SipCallEventKind Kind,
    string? Reason = null,
    int StatusCode = 0,
    char Digit = '\0',
    SipUri? TransferTarget = null,
    SessionDescription? RemoteSdp = null,
    string? Detail = null,
    NegotiatedAudio? Audio = null);
