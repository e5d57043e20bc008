namespace Switchboard.ControlPlane.Webhooks.Events;

/// <summary>
/// <c>transfer.ended</c>: how a transfer ended. <c>outcome</c> is <c>connected</c>, <c>no_answer</c>, <c>busy</c> or
/// <c>failed</c>; <c>accepted</c> says the caller reached the target (false: the call stays with the agent);
/// <c>detail</c> is the transport's explanation (a SIP status, a refusal), null when there is none.
/// </summary>
internal sealed record TransferEndedData(string CallId, string AgentId, string Target, string Mode, string Outcome, bool Accepted, string? Detail);
