using System.Collections.Concurrent;
using Switchboard.Realtime.Tools;

namespace Switchboard.Realtime.Tests.ResponseEngines.Flow;

/// <summary>Keeps journal entries in memory and logs the order of Begin/Complete calls.</summary>
internal sealed class InMemoryToolCallJournal : IToolCallJournal
{
    public ConcurrentDictionary<string, ToolResult?> Entries { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Log { get; } = new();

    public ValueTask<ToolResult?> BeginAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        Log.Enqueue("begin " + invocation.IdempotencyKey);
        if (Entries.TryGetValue(invocation.IdempotencyKey, out var stored) && stored is not null) return ValueTask.FromResult<ToolResult?>(stored);
        Entries[invocation.IdempotencyKey] = null;
        return ValueTask.FromResult<ToolResult?>(null);
    }

    public ValueTask CompleteAsync(ToolInvocation invocation, ToolResult result, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        Log.Enqueue("complete " + invocation.IdempotencyKey);
        Entries[invocation.IdempotencyKey] = result;
        return ValueTask.CompletedTask;
    }
}
