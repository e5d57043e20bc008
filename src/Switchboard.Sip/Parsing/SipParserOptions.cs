namespace Switchboard.Sip.Parsing;

/// <summary>
/// Limits and transport facts for <see cref="SipParser"/> and <see cref="SipStreamFramer"/>. Immutable after
/// construction (init-only); one instance may be shared by all threads.
/// </summary>
public sealed class SipParserOptions
{
    /// <summary>Defaults for a datagram transport (UDP): 64 KB messages, body delimited by the datagram.</summary>
    public static SipParserOptions Datagram { get; } = new();

    /// <summary>Defaults for a stream transport (TCP/TLS): Content-Length is mandatory (RFC 3261 §18.3).</summary>
    public static SipParserOptions Stream { get; } = new() { IsStreamTransport = true };

    /// <summary>Largest message accepted, header and body, in bytes. Default 65,535.</summary>
    public int MaxMessageSize { get; init; } = 65_535;

    /// <summary>Most header fields (logical, after unfolding) accepted. Default 256.</summary>
    public int MaxHeaderCount { get; init; } = 256;

    /// <summary>Longest physical line accepted, in bytes. Default 8,192.</summary>
    public int MaxLineLength { get; init; } = 8_192;

    /// <summary>True when the message came over a stream transport, so Content-Length must be present.</summary>
    public bool IsStreamTransport { get; init; }

    /// <summary>Request-URI schemes this element serves; others get 416 (RFC 3261 §8.2.2.1). Default sip, sips, tel.</summary>
    public IReadOnlySet<string> SupportedRequestUriSchemes { get; init; } =
        new HashSet<string>(["sip", "sips", "tel"], StringComparer.OrdinalIgnoreCase);

    internal void Validate()
    {
        if (MaxMessageSize < 64 || MaxHeaderCount < 1 || MaxLineLength < 32)
        {
            throw new ArgumentOutOfRangeException(nameof(SipParserOptions), "Parser limits are too small to hold any SIP message.");
        }

        ArgumentNullException.ThrowIfNull(SupportedRequestUriSchemes);
    }
}
