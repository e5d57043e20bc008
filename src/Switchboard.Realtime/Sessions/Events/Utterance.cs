namespace Switchboard.Realtime.Sessions.Events;

/// <summary>
/// A finished utterance. For the agent, <see cref="Text"/> is what the caller heard; <see cref="Interrupted"/> says the
/// caller cut it short. <see cref="Start"/>/<see cref="End"/> are media offsets.
/// </summary>
public sealed record Utterance(string CallId, DateTimeOffset At, TimeSpan Offset, UtteranceRole Role, string Text, TimeSpan Start, TimeSpan End,
    bool Interrupted) : CallEvent(CallId, At, Offset);
