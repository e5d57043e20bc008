using System.Text.Json;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Tools;

namespace Switchboard.Realtime.Tests.ResponseEngines.Flow;

/// <summary>A registry whose tools are lambdas; records every invocation. <see cref="Gate"/> can hold a call open.</summary>
internal sealed class RecordingToolRegistry : IToolRegistry
{
    private readonly Dictionary<string, Func<ToolInvocation, ToolResult>> _tools = new(StringComparer.Ordinal);

    public List<ToolInvocation> Invocations { get; } = [];

    public TaskCompletionSource? Gate { get; set; }

    public RecordingToolRegistry With(string name, Func<ToolInvocation, ToolResult> tool)
    {
        _tools[name] = tool;
        return this;
    }

    public ValueTask<IReadOnlyList<ToolDefinition>> GetToolsAsync(CallContext call, CancellationToken cancellationToken)
    {
        var schema = JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone();
        return ValueTask.FromResult<IReadOnlyList<ToolDefinition>>([.. _tools.Keys.Select(n => new ToolDefinition(n, n, schema))]);
    }

    public async ValueTask<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        Invocations.Add(invocation);
        if (Gate is { } gate) await gate.Task.WaitAsync(cancellationToken);
        return _tools.TryGetValue(invocation.Name, out var tool) ? tool(invocation) : ToolResult.Error($"Unknown tool '{invocation.Name}'.");
    }
}
