namespace Switchboard.ControlPlane.Webhooks.Events;

/// <summary><c>transfer.ended</c>: how a transfer ended (<c>connected</c>, <c>failed</c>, <c>no_answer</c>). Provisional.</summary>
internal sealed record TransferEndedData(string CallId, string AgentId, string Target, string Outcome);
