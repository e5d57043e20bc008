namespace Switchboard.ControlPlane.Calls;

/// <summary>
/// One turn of the latency waterfall: each stage in milliseconds from the end of the caller's speech; a stage that
/// did not happen is null.
/// </summary>
internal sealed record TurnLatencyEntry(
    int Turn,
    DateTimeOffset At,
    long OffsetMs,
    long? SttFinalMs,
    long? FirstTextMs,
    long? FirstAudioMs,
    long? FirstFrameSentMs);
