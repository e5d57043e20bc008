namespace Switchboard.ControlPlane.Webhooks.Events;

/// <summary><c>transfer.started</c>: the agent's last words before a transfer have played and the transfer begins.
/// <c>mode</c> is <c>cold</c> or <c>warm</c>; <c>transfer.ended</c> follows with the outcome.</summary>
internal sealed record TransferStartedData(string CallId, string AgentId, string Target, string Mode);
