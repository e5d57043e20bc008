namespace Switchboard.Sip.Sdp;

/// <summary>
/// The outcome of an offer/answer exchange for the audio stream: what to send, where, and in which
/// direction. Immutable and thread-safe.
/// </summary>
/// <param name="MediaIndex">Index of the audio m-line in the offer and answer.</param>
/// <param name="Codec">The codec both sides use.</param>
/// <param name="PayloadType">The payload type number for <paramref name="Codec"/> (the offerer's numbering).</param>
/// <param name="TelephoneEventPayloadType">Payload type for RFC 4733 events, or null when not negotiated.</param>
/// <param name="Ptime">Packetization time to send with, in ms.</param>
/// <param name="Direction">Our direction: whether we may send and whether we should expect to receive.</param>
/// <param name="RemoteAddress">Where to send RTP (IP literal or host name); "0.0.0.0" on RFC 2543 hold.</param>
/// <param name="RemotePort">Remote RTP port.</param>
/// <param name="RemoteRtcpPort">Remote RTCP port (a=rtcp, else RTP port + 1).</param>
public sealed record NegotiatedAudio(
    int MediaIndex,
    SdpCodec Codec,
    int PayloadType,
    int? TelephoneEventPayloadType,
    int Ptime,
    SdpDirection Direction,
    string RemoteAddress,
    int RemotePort,
    int RemoteRtcpPort)
{
    /// <summary>True when we may send media.</summary>
    public bool CanSend => Direction is SdpDirection.SendRecv or SdpDirection.SendOnly;

    /// <summary>True when the peer will send media to us.</summary>
    public bool CanReceive => Direction is SdpDirection.SendRecv or SdpDirection.RecvOnly;
}
