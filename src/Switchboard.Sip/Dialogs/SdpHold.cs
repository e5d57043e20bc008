using Switchboard.Sip.Sdp;

namespace Switchboard.Sip.Dialogs;

/// <summary>Hold detection and the direction we answer with (RFC 3264 §8.4, RFC 6337 §5).</summary>
internal static class SdpHold
{
    /// <summary>The direction of the first audio stream of an offer, as the peer declares it.</summary>
    public static SdpDirection OfferedDirection(SessionDescription offer)
    {
        foreach (SdpMediaDescription m in offer.Media)
        {
            if (m.Media == "audio")
            {
                return m.Port == 0 ? SdpDirection.Inactive : offer.EffectiveDirection(m);
            }
        }

        return SdpDirection.SendRecv;
    }

    public static bool IsHold(SdpDirection offered) => offered is SdpDirection.SendOnly or SdpDirection.Inactive;

    /// <summary>The mirror of the peer's direction: sendonly → recvonly, inactive → inactive, else sendrecv.</summary>
    public static SdpDirection AnswerFor(SdpDirection offered) => offered switch
    {
        SdpDirection.SendOnly => SdpDirection.RecvOnly,
        SdpDirection.Inactive => SdpDirection.Inactive,
        SdpDirection.RecvOnly => SdpDirection.SendOnly,
        _ => SdpDirection.SendRecv,
    };

    /// <summary>A copy of <paramref name="sdp"/> whose every stream carries <paramref name="direction"/>, origin version bumped.</summary>
    public static SessionDescription WithDirection(SessionDescription sdp, SdpDirection direction)
    {
        SessionDescription copy = SessionDescription.Parse(sdp.ToString());
        copy.Attributes.RemoveAll(IsDirection);
        string name = direction.ToString().ToLowerInvariant();
        foreach (SdpMediaDescription m in copy.Media)
        {
            m.Attributes.RemoveAll(IsDirection);
            m.Attributes.Add(new SdpAttribute(name, null));
        }

        copy.Origin = copy.Origin with { SessionVersion = copy.Origin.SessionVersion + 1 };
        return copy;
    }

    private static bool IsDirection(SdpAttribute a) => a.Name is "sendrecv" or "sendonly" or "recvonly" or "inactive";
}
