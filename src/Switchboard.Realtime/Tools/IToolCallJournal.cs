namespace Switchboard.Realtime.Tools;

/// <summary>
/// Durable record of tool calls, written before a tool runs, so an interruption or a crash never loses one and a
/// replay never runs one twice.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public interface IToolCallJournal
{
    /// <summary>
    /// Records that <paramref name="invocation"/> is about to run. Returns the stored result instead when this
    /// idempotency key already completed (the caller must then not run the tool again).
    /// </summary>
    ValueTask<ToolResult?> BeginAsync(ToolInvocation invocation, CancellationToken cancellationToken);

    /// <summary>Stores the result of a call begun with <see cref="BeginAsync"/>.</summary>
    ValueTask CompleteAsync(ToolInvocation invocation, ToolResult result, TimeSpan elapsed, CancellationToken cancellationToken);
}
