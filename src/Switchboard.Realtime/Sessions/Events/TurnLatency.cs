namespace Switchboard.Realtime.Sessions.Events;

/// <summary>
/// The latency waterfall of one agent turn, each stage measured from the end of the caller's speech (wall clock): the
/// final transcript, the engine's first text (LLM first token), the first synthesized audio, the first frame sent.
/// A stage that did not happen (the caller hung up, a digits-only turn) is null.
/// </summary>
public sealed record TurnLatency(string CallId, DateTimeOffset At, TimeSpan Offset, int Turn, TimeSpan? SttFinal, TimeSpan? FirstText,
    TimeSpan? FirstAudio, TimeSpan? FirstFrameSent) : CallEvent(CallId, At, Offset);
