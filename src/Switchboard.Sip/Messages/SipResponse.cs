using System.Globalization;

namespace Switchboard.Sip.Messages;

/// <summary>A SIP response (RFC 3261 §7.2). Not thread-safe: one owner at a time.</summary>
public sealed class SipResponse : SipMessage
{
    /// <summary>Creates a response.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The status code is outside 100..699.</exception>
    /// <exception cref="ArgumentException">The reason phrase contains CR or LF.</exception>
    public SipResponse(int statusCode, string? reasonPhrase = null)
    {
        if (statusCode is < 100 or > 699)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "A SIP status code is 100..699.");
        }

        if (reasonPhrase is not null && reasonPhrase.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("A reason phrase cannot contain CR or LF.", nameof(reasonPhrase));
        }

        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase ?? SipStatusCodes.GetReasonPhrase(statusCode);
    }

    /// <summary>The status code (100..699).</summary>
    public int StatusCode { get; }

    /// <summary>The reason phrase (may be empty).</summary>
    public string ReasonPhrase { get; }

    /// <inheritdoc />
    public override string StartLine => "SIP/2.0 " + StatusCode.ToString(CultureInfo.InvariantCulture) + " " + ReasonPhrase;
}
