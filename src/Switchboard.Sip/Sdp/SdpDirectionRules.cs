namespace Switchboard.Sip.Sdp;

/// <summary>Direction algebra of RFC 3264 §6.1: an answer may only narrow what the offer allows.</summary>
internal static class SdpDirectionRules
{
    public static bool Sends(SdpDirection direction) => direction is SdpDirection.SendRecv or SdpDirection.SendOnly;

    public static bool Receives(SdpDirection direction) => direction is SdpDirection.SendRecv or SdpDirection.RecvOnly;

    public static SdpDirection From(bool send, bool receive) => (send, receive) switch
    {
        (true, true) => SdpDirection.SendRecv,
        (true, false) => SdpDirection.SendOnly,
        (false, true) => SdpDirection.RecvOnly,
        _ => SdpDirection.Inactive,
    };

    /// <summary>
    /// The peer's direction as it really is: an RFC 2543 hold (c= 0.0.0.0) means the peer will not receive,
    /// whatever its attribute says.
    /// </summary>
    public static SdpDirection Remote(SdpDirection declared, SdpConnection? connection) =>
        connection is { IsNullAddress: true } ? From(Sends(declared), receive: false) : declared;

    /// <summary>Our direction given what we want and what the peer does: we send only to a receiver, receive only from a sender.</summary>
    public static SdpDirection Local(SdpDirection wanted, SdpDirection remote) =>
        From(Sends(wanted) && Receives(remote), Receives(wanted) && Sends(remote));
}
