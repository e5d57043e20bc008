using Switchboard.Sip.Rtp;
using Switchboard.Sip.Sdp;

namespace Switchboard.Realtime.Transports.Sip;

/// <summary>Follows the peer's answered re-INVITE with the call's RTP session. Stateless; thread-safe.</summary>
internal static class SipMediaRenegotiation
{
    /// <summary>
    /// Moves <paramref name="rtp"/> to where <paramref name="audio"/> says. The SIP layer already refused re-offers that
    /// change the codec (488), so what is left to fail is an address that is not an IP literal, or a session being torn
    /// down: media then stays where it was, which symmetric RTP still corrects once the peer's packets arrive.
    /// </summary>
    public static void Apply(RtpSession rtp, NegotiatedAudio audio)
    {
        try
        {
            rtp.UpdateRemote(audio);
        }
        catch (Exception e) when (e is ArgumentException or ObjectDisposedException)
        {
        }
    }
}
