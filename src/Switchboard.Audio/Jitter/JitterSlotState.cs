namespace Switchboard.Audio.Jitter;

/// <summary>
/// Life of a jitter buffer slot. <see cref="Played"/> is kept so late copies are recognised as duplicates;
/// <see cref="Missing"/> marks a frame concealed on an empty buffer, whose loss is withdrawn if it turns up late.
/// </summary>
internal enum JitterSlotState
{
    Free,
    Buffered,
    Played,
    Missing,
}
