namespace Switchboard.Realtime.Playout;

internal enum PlayoutItemKind
{
    /// <summary>A response begins: the tracker starts over.</summary>
    Start,

    /// <summary>The text of the frames that follow and their total length in samples.</summary>
    Chunk,

    Frame,

    /// <summary>A call action to perform once everything before it has played.</summary>
    Action,

    /// <summary>The response is complete; <see cref="PlayoutItem.Text"/> is everything it said.</summary>
    End,
}
