namespace Switchboard.Realtime.Playout;

internal enum PlayoutItemKind
{
    /// <summary>A response begins: the tracker starts over.</summary>
    Start,

    /// <summary>
    /// A sentence: its text, its audio, and the audio's length in samples padded to whole frames. The media loop cuts the
    /// audio into frames as it plays them.
    /// </summary>
    Chunk,

    /// <summary>A call action to perform once everything before it has played.</summary>
    Action,

    /// <summary>The response is complete; <see cref="PlayoutItem.Text"/> is everything it said.</summary>
    End,
}
