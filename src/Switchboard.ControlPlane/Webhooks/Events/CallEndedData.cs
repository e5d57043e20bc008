namespace Switchboard.ControlPlane.Webhooks.Events;

/// <summary><c>call.ended</c>: a call hung up. Provisional: the call engine fills it.</summary>
internal sealed record CallEndedData(
    string CallId, string AgentId, DateTimeOffset StartedAt, DateTimeOffset EndedAt, long DurationMs, string EndReason);
