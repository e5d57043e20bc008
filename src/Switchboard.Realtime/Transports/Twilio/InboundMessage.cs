namespace Switchboard.Realtime.Transports.Twilio;

/// <summary>
/// The parts of an inbound message the media path needs. The audio itself was decoded into the caller's buffer
/// (<see cref="PayloadBytes"/> long); <see cref="Mark"/> is -1 for a mark whose name is not one of our frame numbers.
/// </summary>
internal readonly record struct InboundMessage(MediaStreamEvent Event, int PayloadBytes, bool OutboundTrack, char Digit, long Mark);
