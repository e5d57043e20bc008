namespace Switchboard.Sip.Rtp;

/// <summary>Thrown by <see cref="RtpPortAllocator.Allocate"/> when no RTP/RTCP port pair in the range can be bound.</summary>
public sealed class RtpPortsExhaustedException : InvalidOperationException
{
    /// <summary>Creates the exception with a message naming the range.</summary>
    public RtpPortsExhaustedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public RtpPortsExhaustedException()
        : base("No RTP port pair is free.")
    {
    }

    /// <summary>Creates the exception wrapping a cause.</summary>
    public RtpPortsExhaustedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
