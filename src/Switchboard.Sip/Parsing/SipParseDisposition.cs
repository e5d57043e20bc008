namespace Switchboard.Sip.Parsing;

/// <summary>What a receiver should do with a message that failed to parse.</summary>
public enum SipParseDisposition
{
    /// <summary>A request whose Via is usable: answer it with <see cref="SipParseError.SuggestedStatus"/>
    /// (see <see cref="Messages.SipResponseFactory.CreateErrorResponse"/>).</summary>
    Respond,

    /// <summary>Garbage, a response, or a request that cannot be answered: discard silently (RFC 3261 §16.3, §18.1.2).</summary>
    Drop,
}
