namespace Switchboard.Realtime.Transports.Twilio;

/// <summary>The <c>event</c> of an inbound media stream message.</summary>
internal enum MediaStreamEvent
{
    Unknown,
    Connected,
    Start,
    Media,
    Dtmf,
    Mark,
    Stop,
    Error,
}
