namespace Switchboard.Sip.Sdp;

/// <summary>Media direction attribute (RFC 4566 §6, RFC 3264 §5.1), always from the point of view of the SDP's author.</summary>
public enum SdpDirection
{
    /// <summary>The author sends and receives (the default when no attribute is present).</summary>
    SendRecv,

    /// <summary>The author only sends; used to put the peer on hold.</summary>
    SendOnly,

    /// <summary>The author only receives.</summary>
    RecvOnly,

    /// <summary>Neither side sends.</summary>
    Inactive,
}
