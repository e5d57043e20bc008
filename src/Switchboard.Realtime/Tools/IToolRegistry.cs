namespace Switchboard.Realtime.Tools;

/// <summary>
/// The tools an agent may call and the way to run them. The engine ships the built-ins (<c>end_call</c>,
/// <c>transfer_call</c>, <c>press_digit</c>, <c>get_current_time</c>); the control plane adds the organization's
/// registered functions.
/// </summary>
/// <remarks>Thread-safe; shared by all calls.</remarks>
public interface IToolRegistry
{
    /// <summary>The tools available to <paramref name="call"/>'s agent.</summary>
    ValueTask<IReadOnlyList<ToolDefinition>> GetToolsAsync(Sessions.CallContext call, CancellationToken cancellationToken);

    /// <summary>
    /// Runs a tool. Unknown tools, invalid arguments and tool failures come back as <see cref="ToolResult.IsError"/>
    /// results (the model can recover); only cancellation throws.
    /// </summary>
    ValueTask<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken);
}
