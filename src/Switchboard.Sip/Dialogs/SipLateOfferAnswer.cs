using Switchboard.Sip.Sdp;

namespace Switchboard.Sip.Dialogs;

/// <summary>
/// An INVITE without SDP, answered with our offer and acknowledged with the caller's answer: the call and the audio
/// both sides agreed on (see <see cref="SipIncomingCall.AcceptWithOfferAsync"/>).
/// </summary>
/// <param name="Call">The confirmed call.</param>
/// <param name="Audio">The audio negotiated from the answer in the ACK.</param>
public sealed record SipLateOfferAnswer(SipCall Call, NegotiatedAudio Audio);
