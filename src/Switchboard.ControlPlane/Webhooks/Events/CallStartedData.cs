namespace Switchboard.ControlPlane.Webhooks.Events;

/// <summary><c>call.started</c>: a call was answered or placed. Provisional: the call engine fills it.</summary>
internal sealed record CallStartedData(
    string CallId, string AgentId, int? AgentVersion, string Direction, string? FromNumber, string? ToNumber, DateTimeOffset StartedAt);
