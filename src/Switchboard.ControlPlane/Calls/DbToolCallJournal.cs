using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.Data;
using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Tools;

namespace Switchboard.ControlPlane.Calls;

/// <summary>
/// <see cref="IToolCallJournal"/> over <c>call_tool_calls</c>. <see cref="BeginAsync"/> claims the idempotency key:
/// the first writer inserts a <c>started</c> row and runs the tool; a completed key returns its stored result; a key
/// started less than <see cref="Lease"/> ago and not completed is running elsewhere, and the caller gets an error result
/// saying so instead of a second run; an older unfinished start was interrupted, and exactly one caller takes it over
/// (a conditional update decides) and runs the tool again. Thread-safe; each call leases its own pooled context for the
/// invocation's organization. Times come from the call's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class DbToolCallJournal(OrganizationDbContextFactory contexts) : IToolCallJournal
{
    /// <summary>How long a started, unfinished tool call counts as running before a retry may take it over.</summary>
    internal static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    internal const string InProgressMessage =
        """{"error":"This tool call is already running; it was not started again and its result is not available yet."}""";

    private const int MaxKeyLength = 200;

    public async ValueTask<ToolResult?> BeginAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        Validate(invocation);
        var now = invocation.Call.Time.GetUtcNow();
        await using (var db = contexts.Create(invocation.Call.OrganizationId))
        {
            var existing = await Find(db, invocation.IdempotencyKey, cancellationToken);
            if (existing is not null) return await ResolveExistingAsync(db, existing, now, cancellationToken);

            db.CallToolCalls.Add(new CallToolCall
            {
                IdempotencyKey = invocation.IdempotencyKey,
                OrganizationId = invocation.Call.OrganizationId,
                CallId = invocation.Call.CallId,
                Name = invocation.Name,
                Arguments = ArgumentsText(invocation),
                StartedAt = now,
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return null;
            }
            catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
            {
                // Another writer inserted the key between our read and our insert: read what it wrote.
            }
        }

        await using var again = contexts.Create(invocation.Call.OrganizationId);
        var winner = await Find(again, invocation.IdempotencyKey, cancellationToken)
            ?? throw new ToolCallJournalException("This idempotency key is already used by a tool call of another organization.");
        return await ResolveExistingAsync(again, winner, now, cancellationToken);
    }

    public async ValueTask CompleteAsync(ToolInvocation invocation, ToolResult result, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        Validate(invocation);
        ArgumentNullException.ThrowIfNull(result);
        if (elapsed < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(elapsed), elapsed, "elapsed cannot be negative.");

        var now = invocation.Call.Time.GetUtcNow();
        var kind = result.Action is { } action ? ToolCallActionKinds.Name(action.Kind) : null;
        var elapsedMs = CallEventPayloads.Ms(elapsed);
        await using var db = contexts.Create(invocation.Call.OrganizationId);
        // Only a started row changes: the first completion of a key is the one every replay sees.
        var updated = await db.CallToolCalls
            .Where(x => x.IdempotencyKey == invocation.IdempotencyKey && x.Status == CallToolCall.StatusStarted)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, CallToolCall.StatusCompleted)
                .SetProperty(x => x.Result, result.Content)
                .SetProperty(x => x.IsError, result.IsError)
                .SetProperty(x => x.ActionKind, kind)
                .SetProperty(x => x.ActionArgument, result.Action == null ? null : result.Action.Argument)
                .SetProperty(x => x.ActionReason, result.Action == null ? null : result.Action.Reason)
                .SetProperty(x => x.ElapsedMs, elapsedMs)
                .SetProperty(x => x.CompletedAt, now), cancellationToken);
        if (updated > 0) return;
        if (await db.CallToolCalls.AnyAsync(x => x.IdempotencyKey == invocation.IdempotencyKey, cancellationToken)) return;

        // Completed without a begin (a caller that skipped it): keep the result all the same.
        db.CallToolCalls.Add(new CallToolCall
        {
            IdempotencyKey = invocation.IdempotencyKey,
            OrganizationId = invocation.Call.OrganizationId,
            CallId = invocation.Call.CallId,
            Name = invocation.Name,
            Arguments = ArgumentsText(invocation),
            Status = CallToolCall.StatusCompleted,
            Result = result.Content,
            IsError = result.IsError,
            ActionKind = kind,
            ActionArgument = result.Action?.Argument,
            ActionReason = result.Action?.Reason,
            ElapsedMs = elapsedMs,
            StartedAt = now - elapsed,
            CompletedAt = now,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            // Someone else recorded this key meanwhile; theirs stands.
        }
    }

    private static async Task<ToolResult?> ResolveExistingAsync(SwitchboardDbContext db, CallToolCall row, DateTimeOffset now, CancellationToken ct)
    {
        while (true)
        {
            if (row.Status == CallToolCall.StatusCompleted) return ToResult(row);
            if (now - row.StartedAt < Lease) return new ToolResult(InProgressMessage, IsError: true);

            // The earlier start is stale: take it over only if nobody changed it since we read it.
            var previousStart = row.StartedAt;
            var claimed = await db.CallToolCalls
                .Where(x => x.IdempotencyKey == row.IdempotencyKey && x.Status == CallToolCall.StatusStarted && x.StartedAt == previousStart)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Attempts, x => x.Attempts + 1).SetProperty(x => x.StartedAt, now), ct);
            if (claimed == 1) return null;
            row = await Find(db, row.IdempotencyKey, ct)
                ?? throw new ToolCallJournalException("The journaled tool call disappeared while it was being taken over.");
        }
    }

    private static Task<CallToolCall?> Find(SwitchboardDbContext db, string key, CancellationToken ct) =>
        db.CallToolCalls.AsNoTracking().FirstOrDefaultAsync(x => x.IdempotencyKey == key, ct);

    private static ToolResult ToResult(CallToolCall row) => new(
        row.Result ?? "",
        row.IsError,
        row.ActionKind is null ? null : new CallAction(ToolCallActionKinds.Parse(row.ActionKind), row.ActionArgument, row.ActionReason));

    private static string ArgumentsText(ToolInvocation invocation) =>
        invocation.Arguments.ValueKind == System.Text.Json.JsonValueKind.Undefined ? "null" : invocation.Arguments.GetRawText();

    private static void Validate(ToolInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(invocation.Call);
        if (string.IsNullOrEmpty(invocation.IdempotencyKey) || invocation.IdempotencyKey.Length > MaxKeyLength)
            throw new ArgumentException($"The idempotency key must be 1 to {MaxKeyLength} characters.", nameof(invocation));
        if (string.IsNullOrEmpty(invocation.Call.OrganizationId))
            throw new ArgumentException("The invocation's call has no organization.", nameof(invocation));
        if (string.IsNullOrEmpty(invocation.Name) || invocation.Name.Length > 128)
            throw new ArgumentException("The tool name must be 1 to 128 characters.", nameof(invocation));
    }
}
