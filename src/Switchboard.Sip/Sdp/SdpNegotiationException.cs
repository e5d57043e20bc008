namespace Switchboard.Sip.Sdp;

/// <summary>
/// Thrown when an offer or answer cannot be accepted. A UAS answers the request with
/// <see cref="StatusCode"/> (488 Not Acceptable Here) and may put <see cref="Reason"/> in a Warning header.
/// </summary>
public sealed class SdpNegotiationException : Exception
{
    /// <summary>Creates the exception with a human-readable reason.</summary>
    public SdpNegotiationException(string reason)
        : base("SDP negotiation failed: " + reason)
    {
        Reason = reason;
    }

    /// <summary>SIP status to answer with: 488 Not Acceptable Here.</summary>
    public const int StatusCode = SdpAnswerResult.NotAcceptableHere;

    /// <summary>Why nothing matched.</summary>
    public string Reason { get; }
}
