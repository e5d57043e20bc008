namespace Switchboard.ControlPlane.Webhooks.Events;

/// <summary>
/// <c>error</c>: something went wrong that the organization should know about. Produced today for a call that ended
/// because of an engine failure (<c>code</c> <c>call_failed</c>), right before its <c>call.ended</c>.
/// </summary>
internal sealed record ErrorData(string Code, string Message, string? CallId, string? AgentId);
