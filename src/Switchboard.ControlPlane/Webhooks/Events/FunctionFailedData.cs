namespace Switchboard.ControlPlane.Webhooks.Events;

/// <summary><c>function.failed</c>: a function an agent called failed. Provisional: the functions module fills it.</summary>
internal sealed record FunctionFailedData(string FunctionId, string? FunctionName, string? CallId, string? AgentId, string Error);
