using System.Text.Json;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Tools;

namespace Switchboard.Realtime.Tests.ResponseEngines.Llm;

/// <summary>One organization function, <c>lookup_order</c>, that can be held open by a gate; counts its runs.</summary>
internal sealed class LookupOrderRegistry : IToolRegistry
{
    public const string Name = "lookup_order";

    private int _runs;

    /// <summary>When set, the tool waits for it before answering (a slow tool).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public int Runs => Volatile.Read(ref _runs);

    public CancellationToken LastToken { get; private set; }

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ValueTask<IReadOnlyList<ToolDefinition>> GetToolsAsync(CallContext call, CancellationToken cancellationToken)
    {
        using var schema = JsonDocument.Parse("""{"type":"object","properties":{"order_id":{"type":"string"}},"required":["order_id"]}""");
        return ValueTask.FromResult<IReadOnlyList<ToolDefinition>>([new ToolDefinition(Name, "Look up an order's status.", schema.RootElement.Clone())]);
    }

    public async ValueTask<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _runs);
        LastToken = cancellationToken;
        Started.TrySetResult();
        if (Gate is { } gate) await gate.Task.WaitAsync(cancellationToken);
        var id = invocation.Arguments.GetProperty("order_id").GetString();
        return new ToolResult($$"""{"order_id":"{{id}}","status":"shipped"}""");
    }
}
