namespace Switchboard.ControlPlane.Webhooks.Events;

/// <summary><c>error</c>: something went wrong that the organization should know about.</summary>
internal sealed record ErrorData(string Code, string Message, string? CallId, string? AgentId);
