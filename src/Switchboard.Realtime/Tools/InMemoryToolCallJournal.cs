using System.Collections.Concurrent;

namespace Switchboard.Realtime.Tools;

/// <summary>
/// A tool call journal held in memory: enough for one process's calls, the simulator and tests; the durable one lives
/// with the call record in the control plane.
/// </summary>
/// <remarks>
/// Thread-safe. A key begun but not yet completed is not deduplicated (<see cref="BeginAsync"/> returns null again):
/// the engine never begins the same key twice while it runs, and a crashed process loses this journal anyway.
/// </remarks>
public sealed class InMemoryToolCallJournal : IToolCallJournal
{
    private readonly ConcurrentDictionary<string, ToolCallJournalEntry> _entries = new(StringComparer.Ordinal);

    /// <summary>Every journaled call so far, completed or not (unordered).</summary>
    public IReadOnlyCollection<ToolCallJournalEntry> Entries => (IReadOnlyCollection<ToolCallJournalEntry>)_entries.Values;

    /// <summary>The entry for <paramref name="idempotencyKey"/>, if any.</summary>
    public ToolCallJournalEntry? Find(string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        return _entries.TryGetValue(idempotencyKey, out var entry) ? entry : null;
    }

    /// <inheritdoc />
    public ValueTask<ToolResult?> BeginAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentException.ThrowIfNullOrEmpty(invocation.IdempotencyKey, nameof(invocation));
        var entry = _entries.GetOrAdd(invocation.IdempotencyKey, _ => new ToolCallJournalEntry(invocation, null, null));
        return ValueTask.FromResult(entry.Result);
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(ToolInvocation invocation, ToolResult result, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(invocation.IdempotencyKey, nameof(invocation));
        _entries[invocation.IdempotencyKey] = new ToolCallJournalEntry(invocation, result, elapsed);
        return ValueTask.CompletedTask;
    }
}
