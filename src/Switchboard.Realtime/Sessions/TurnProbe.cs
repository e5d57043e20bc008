namespace Switchboard.Realtime.Sessions;

/// <summary>
/// Wall-clock marks of one turn's latency waterfall. Written by the engine loop (first text, first audio) before the
/// frames it produced go into the playout channel, and read by the media loop after it has read them, so the channel
/// orders the writes before the reads.
/// </summary>
internal sealed class TurnProbe(int turn, DateTimeOffset endOfSpeech, DateTimeOffset turnDetected)
{
    public int Turn { get; } = turn;
    public DateTimeOffset EndOfSpeech { get; } = endOfSpeech;
    public DateTimeOffset TurnDetected { get; } = turnDetected;
    public DateTimeOffset? FirstText { get; set; }
    public DateTimeOffset? FirstAudio { get; set; }
    public DateTimeOffset? FirstFrameSent { get; set; }
    public bool Reported { get; set; }
}
