namespace Switchboard.Realtime.Tools.BuiltIns;

/// <summary>A tool the engine ships. Implementations are stateless and thread-safe.</summary>
internal interface IBuiltInTool
{
    ToolDefinition Definition { get; }

    /// <summary>Runs the tool; argument problems come back as <see cref="ToolResult.Error"/>, never as exceptions.</summary>
    ValueTask<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken);
}
