namespace Switchboard.Realtime.Sessions.Events;

/// <summary>
/// One thing that happened on a call, in order. The stream of these feeds the call record, webhooks and the live view.
/// <see cref="At"/> is wall-clock time from the session's <see cref="TimeProvider"/>; <see cref="Offset"/> is media
/// time since the call started (the position in a recording).
/// </summary>
public abstract record CallEvent(string CallId, DateTimeOffset At, TimeSpan Offset);
