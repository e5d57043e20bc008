using Switchboard.Audio.Frames;

namespace Switchboard.Realtime.Transports.Twilio;

/// <summary>One entry of the send queue. An audio frame belongs to the queue until the send loop sends or drops it.</summary>
/// <param name="Number">The frame's number in <see cref="IPlayoutFeedback.FramesSent"/> order.</param>
/// <param name="Epoch">How many clears had happened when the frame was queued; an older epoch means the frame was cleared.</param>
internal readonly record struct OutboundItem(OutboundItemKind Kind, AudioFrame Frame, long Number, int Epoch);
