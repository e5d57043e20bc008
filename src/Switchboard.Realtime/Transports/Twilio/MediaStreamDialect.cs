namespace Switchboard.Realtime.Transports.Twilio;

/// <summary>
/// Which vendor's flavour of the Media Streams WebSocket protocol a <see cref="TwilioMediaChannel"/> speaks. All three
/// send <c>connected</c>, <c>start</c>, <c>media</c>, <c>dtmf</c>, <c>mark</c> and <c>stop</c> and accept <c>media</c>,
/// <c>mark</c> and <c>clear</c>; they differ in field names and in whether our messages name the stream.
/// </summary>
public enum MediaStreamDialect
{
    /// <summary>Twilio <c>&lt;Connect&gt;&lt;Stream&gt;</c>: camelCase fields (<c>streamSid</c>, <c>callSid</c>,
    /// <c>customParameters</c>, <c>mediaFormat</c>); our messages carry <c>streamSid</c>.</summary>
    Twilio,

    /// <summary>Telnyx media streaming (TeXML <c>&lt;Stream&gt;</c> or Call Control with bidirectional RTP mode):
    /// snake_case fields (<c>stream_id</c>, <c>call_control_id</c>, <c>media_format</c> with <c>PCMU</c>/<c>PCMA</c>);
    /// our messages carry no stream id.</summary>
    Telnyx,

    /// <summary>SignalWire cXML <c>&lt;Connect&gt;&lt;Stream&gt;</c>: Twilio's message format (our messages carry
    /// <c>streamSid</c>).</summary>
    SignalWire,
}
