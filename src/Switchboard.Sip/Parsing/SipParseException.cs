namespace Switchboard.Sip.Parsing;

/// <summary>
/// Thrown by the throwing parse entry points (<see cref="SipParser.Parse"/>, <see cref="Uris.SipUri.Parse"/>, typed
/// header accessors on hand-built messages) when input is not valid SIP. <see cref="Error"/> carries the suggested
/// response status.
/// </summary>
public sealed class SipParseException : FormatException
{
    /// <summary>Creates the exception for an error.</summary>
    public SipParseException(SipParseError error)
        : base(error?.Reason)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>The error, including <see cref="SipParseError.SuggestedStatus"/>.</summary>
    public SipParseError Error { get; }

    /// <summary>Shortcut for <c>Error.SuggestedStatus</c>.</summary>
    public int SuggestedStatus => Error.SuggestedStatus;
}
