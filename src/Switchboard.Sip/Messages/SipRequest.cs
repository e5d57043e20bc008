using Switchboard.Sip.Parsing;
using Switchboard.Sip.Uris;

namespace Switchboard.Sip.Messages;

/// <summary>A SIP request (RFC 3261 §7.1). Not thread-safe: one owner at a time.</summary>
public sealed class SipRequest : SipMessage
{
    /// <summary>Creates a request.</summary>
    /// <exception cref="ArgumentException">The method is not a token.</exception>
    /// <exception cref="ArgumentNullException">The URI is null.</exception>
    public SipRequest(string method, SipUri requestUri)
    {
        if (!SipSyntax.IsToken(method))
        {
            throw new ArgumentException("A method must be a non-empty token.", nameof(method));
        }

        ArgumentNullException.ThrowIfNull(requestUri);
        Method = method;
        RequestUri = requestUri;
    }

    /// <summary>The method (case-sensitive).</summary>
    public string Method { get; }

    /// <summary>The Request-URI.</summary>
    public SipUri RequestUri { get; set; }

    /// <inheritdoc />
    public override string StartLine => $"{Method} {RequestUri} SIP/2.0";
}
