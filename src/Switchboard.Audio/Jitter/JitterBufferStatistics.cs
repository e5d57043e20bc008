namespace Switchboard.Audio.Jitter;

/// <summary>Counters and gauges of a <see cref="JitterBuffer"/>, as a snapshot. Immutable value.</summary>
/// <param name="Received">Packets accepted into the buffer.</param>
/// <param name="Lost">Frames whose packet never arrived (a packet that arrives after its playout time moves from lost to late).</param>
/// <param name="Late">Packets that arrived after their playout time and were dropped.</param>
/// <param name="Duplicate">Packets dropped as duplicates.</param>
/// <param name="Reordered">Accepted packets that arrived after a packet with a higher sequence number.</param>
/// <param name="Concealed">Frames reported as <see cref="JitterBufferOutcome.Conceal"/>.</param>
/// <param name="Underruns">Times playout ran dry and the buffer went back to buffering.</param>
/// <param name="Dropped">Buffered frames skipped to shrink the delay when the network calmed down.</param>
/// <param name="Stretched">Frames of delay added after late packets (each also counted in <paramref name="Concealed"/>).</param>
/// <param name="Resynchronizations">Restarts after a sequence number jump.</param>
/// <param name="CurrentDepth">Audio buffered ahead of the playout point.</param>
/// <param name="TargetDepth">The delay the buffer currently aims for.</param>
/// <param name="JitterMilliseconds">RFC 3550 interarrival jitter estimate.</param>
public readonly record struct JitterBufferStatistics(
    long Received,
    long Lost,
    long Late,
    long Duplicate,
    long Reordered,
    long Concealed,
    long Underruns,
    long Dropped,
    long Stretched,
    long Resynchronizations,
    TimeSpan CurrentDepth,
    TimeSpan TargetDepth,
    double JitterMilliseconds);
