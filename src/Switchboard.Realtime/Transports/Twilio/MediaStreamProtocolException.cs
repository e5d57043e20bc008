namespace Switchboard.Realtime.Transports.Twilio;

/// <summary>
/// The far end of a media stream broke the protocol before the call could start: no <c>start</c> message in time, a
/// malformed one, an audio format we do not speak, or the socket closed first.
/// </summary>
public sealed class MediaStreamProtocolException : Exception
{
    /// <summary>Creates the exception with a message saying what was wrong.</summary>
    public MediaStreamProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that revealed it.</summary>
    public MediaStreamProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
