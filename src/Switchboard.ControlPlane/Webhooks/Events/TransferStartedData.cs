namespace Switchboard.ControlPlane.Webhooks.Events;

/// <summary><c>transfer.started</c>: the call is being transferred. Provisional.</summary>
internal sealed record TransferStartedData(string CallId, string AgentId, string Target, string Mode);
