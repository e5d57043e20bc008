using Switchboard.Sip.Messages;

namespace Switchboard.Sip.Parsing;

/// <summary>
/// Why a message was rejected, and how to react: <see cref="Disposition"/> says whether to answer, and
/// <see cref="SuggestedStatus"/> with which status (400, 416, 501, 505, 513...). For answerable requests the
/// raw header fields that were found are kept so a §8.2.6 error response can be built. Immutable; thread-safe.
/// </summary>
public sealed class SipParseError
{
    private SipParseError(SipParseDisposition disposition, int suggestedStatus, string reason)
    {
        Disposition = disposition;
        SuggestedStatus = suggestedStatus;
        Reason = reason;
    }

    /// <summary>Answer or drop.</summary>
    public SipParseDisposition Disposition { get; private init; }

    /// <summary>The status code the RFCs prescribe (informational when <see cref="Disposition"/> is Drop).</summary>
    public int SuggestedStatus { get; }

    /// <summary>A human-readable reason, safe to put in a reason phrase (never contains message bytes).</summary>
    public string Reason { get; }

    /// <summary>The request method, when the request line could be read.</summary>
    public string? Method { get; private init; }

    /// <summary>The header fields that were read from the failed request, in order (empty when not available).</summary>
    public IReadOnlyList<SipHeader> Headers { get; private init; } = [];

    internal static SipParseError Respond(int status, string reason) => new(SipParseDisposition.Respond, status, reason);

    internal static SipParseError Drop(int status, string reason) => new(SipParseDisposition.Drop, status, reason);

    internal SipParseError WithRequest(string? method, IReadOnlyList<SipHeader> headers, bool answerable) =>
        new(answerable ? Disposition : SipParseDisposition.Drop, SuggestedStatus, Reason)
        {
            Method = method,
            Headers = headers,
        };

    /// <inheritdoc />
    public override string ToString() => $"{SuggestedStatus} {Reason} ({Disposition})";
}
