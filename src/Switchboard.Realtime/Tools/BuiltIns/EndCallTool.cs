using Switchboard.Realtime.ResponseEngines;

namespace Switchboard.Realtime.Tools.BuiltIns;

/// <summary><c>end_call</c>: hangs up after what the agent has already said has been played.</summary>
internal sealed class EndCallTool : IBuiltInTool
{
    public const string Name = "end_call";

    public ToolDefinition Definition { get; } = new(
        Name,
        "End the call. Say goodbye first: the call ends after everything you said has been played.",
        ToolArguments.Schema("""
            {"type":"object","properties":{"reason":{"type":"string","description":"Why the call ends, for the call record."}},"additionalProperties":false}
            """));

    public ValueTask<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        if (!ToolArguments.TryGetOptionalString(invocation.Arguments, "reason", out var reason, out var error))
            return ValueTask.FromResult(ToolResult.Error(error));
        var result = new ToolResult(ToolArguments.Json(new Dictionary<string, string> { ["status"] = "ending_call" }),
            Action: new CallAction(CallActionKind.EndCall, null, reason ?? "agent_hangup"));
        return ValueTask.FromResult(result);
    }
}
