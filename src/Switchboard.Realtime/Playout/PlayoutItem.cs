using Switchboard.Audio.Frames;
using Switchboard.Realtime.ResponseEngines;

namespace Switchboard.Realtime.Playout;

/// <summary>
/// One entry of a call's playout queue, tagged with the response it belongs to so that entries of a cancelled
/// response still in flight are dropped rather than played.
/// </summary>
internal readonly record struct PlayoutItem(PlayoutItemKind Kind, int ResponseId, AudioFrame Frame, string? Text, long Samples, CallAction? Action);
