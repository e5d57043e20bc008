namespace Switchboard.ControlPlane.Webhooks.Events;

/// <summary><c>call.ended</c>: a call hung up; the last event of a call. <c>end_reason</c> is the call's <c>disconnection_reason</c>.</summary>
internal sealed record CallEndedData(
    string CallId, string AgentId, DateTimeOffset StartedAt, DateTimeOffset EndedAt, long DurationMs, string EndReason);
