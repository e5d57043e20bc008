namespace Switchboard.ControlPlane.Webhooks.Events;

/// <summary>
/// <c>function.failed</c>: one of the organization's functions failed while an agent called it during a call.
/// <c>code</c> is the function error code (<c>timeout</c>, <c>provider_failed</c>, …), <c>error</c> its message with
/// credentials and card numbers masked; <c>tool_call_id</c> identifies the tool call within the call. Failures the
/// model can fix itself (<c>invalid_arguments</c>, <c>invalid_filter</c>, <c>calculation_error</c>) are not sent.
/// </summary>
internal sealed record FunctionFailedData(
    string FunctionId, string FunctionName, string? CallId, string? AgentId, string Code, string Error, string? ToolCallId, long? ElapsedMs);
