namespace Switchboard.ControlPlane.Webhooks.Events;

/// <summary><c>call.started</c>: a call was answered or placed; the first event of a call.</summary>
internal sealed record CallStartedData(
    string CallId, string AgentId, int? AgentVersion, string Direction, string? FromNumber, string? ToNumber, DateTimeOffset StartedAt);
