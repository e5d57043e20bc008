namespace Switchboard.Sip.Rtp;

/// <summary>
/// Thrown when bytes received from the network are not a well-formed RTP or RTCP packet (RFC 3550 §5.1, §6.4).
/// The only exception the RTP/RTCP parsers throw for bad input.
/// </summary>
public sealed class RtpFormatException : FormatException
{
    /// <summary>Creates the exception with a message naming what is wrong.</summary>
    public RtpFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public RtpFormatException()
        : base("Malformed RTP/RTCP packet.")
    {
    }

    /// <summary>Creates the exception wrapping a cause.</summary>
    public RtpFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
