using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Sessions;

namespace Switchboard.Realtime.Playout;

/// <summary>
/// One entry of a call's playout queue, tagged with the response it belongs to so that entries of a cancelled
/// response still in flight are dropped rather than played. A chunk owns its sentence's audio until it has been played
/// or dropped (then the media loop disposes it).
/// </summary>
internal readonly record struct PlayoutItem(PlayoutItemKind Kind, int ResponseId, SentenceAudio Audio, string? Text, long Samples, CallAction? Action);
