namespace Switchboard.Realtime.Sessions.Events;

/// <summary>
/// The call is over. <see cref="Reason"/> is one of <c>user_hangup</c>, <c>agent_hangup</c>, <c>transferred</c>,
/// <c>silence_timeout</c>, <c>max_duration</c>, <c>error</c>. <see cref="RecordingPath"/> is the WAV file when the agent
/// records calls.
/// </summary>
public sealed record CallEnded(string CallId, DateTimeOffset At, TimeSpan Offset, string Reason, string? RecordingPath)
    : CallEvent(CallId, At, Offset);
