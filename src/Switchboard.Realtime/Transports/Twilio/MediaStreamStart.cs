namespace Switchboard.Realtime.Transports.Twilio;

/// <summary>
/// What the far end said about the stream in its <c>start</c> message. Immutable; safe to share.
/// </summary>
/// <param name="StreamId">Twilio <c>streamSid</c> / Telnyx <c>stream_id</c>; our outbound messages name it.</param>
/// <param name="CallId">Twilio <c>callSid</c> / Telnyx <c>call_control_id</c>, when sent.</param>
/// <param name="AccountId">Twilio <c>accountSid</c>, when sent.</param>
/// <param name="CustomParameters">The <c>&lt;Parameter&gt;</c>s of the stream's TwiML (empty when none).</param>
/// <param name="Encoding">Audio coding of payloads, both ways.</param>
/// <param name="SampleRate">Always 8000 for the codings we accept.</param>
/// <param name="From">Caller number when the vendor puts it in <c>start</c> (Telnyx does; Twilio does not).</param>
/// <param name="To">Called number when the vendor puts it in <c>start</c>.</param>
public sealed record MediaStreamStart(
    string StreamId,
    string? CallId,
    string? AccountId,
    IReadOnlyDictionary<string, string> CustomParameters,
    MediaStreamEncoding Encoding,
    int SampleRate,
    string? From,
    string? To);
