namespace Switchboard.Sip.Parsing;

/// <summary>
/// The response a UAS must send for a syntactically valid request it cannot accept, with the header fields that
/// response needs (Unsupported for 420, Accept for 415). Immutable; thread-safe.
/// </summary>
/// <param name="StatusCode">The status code.</param>
/// <param name="Reason">Why, for logs and the reason phrase.</param>
/// <param name="Headers">Extra header fields for the response (name, value).</param>
public sealed record SipValidationResult(int StatusCode, string Reason, IReadOnlyList<KeyValuePair<string, string>> Headers);
