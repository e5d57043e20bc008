using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.ApiKeys;
using Switchboard.ControlPlane.Audit;
using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;

namespace Switchboard.ControlPlane.Calls;

/// <summary><c>/api/v1/calls</c>: list, read with transcript and latency, delete. Creating calls belongs to telephony.</summary>
internal static class CallEndpoints
{
    private static readonly string[] Directions = ["inbound", "outbound", "web", "simulated"];

    public static void MapCallEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/calls").WithTags("Calls");
        group.MapGet("", List).WithName("ListCalls")
            .WithSummary("List calls, newest first, filtered by agent, status, direction, numbers, start time or disconnection reason.")
            .RequireScope(ApiKeyScopes.CallsRead).WithApiConventions(ApiShape.List);
        group.MapGet("/{id}", Get).WithName("GetCall")
            .WithSummary("Get a call with its transcript (utterances, tool calls, digits, node transitions, transfers) and latency waterfall.")
            .RequireScope(ApiKeyScopes.CallsRead).WithApiConventions(ApiShape.Id);
        group.MapDelete("/{id}", Delete).WithName("DeleteCall")
            .WithSummary("Delete a call's record, its events and its tool call journal.")
            .RequireScope(ApiKeyScopes.CallsWrite).WithApiConventions(ApiShape.Id);
    }

    private static async Task<Results<Ok<Page<CallResponse>>, ProblemHttpResult>> List(
        SwitchboardDbContext db,
        int? limit,
        string? after,
        string? agent_id,
        string? status,
        string? direction,
        string? from_number,
        string? to_number,
        DateTimeOffset? started_after,
        DateTimeOffset? started_before,
        string? disconnection_reason,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (status is not null && !CallStatuses.IsKnown(status))
            errors["status"] = ["status must be one of registered, ringing, in_progress, ended, error."];
        if (direction is not null && Array.IndexOf(Directions, direction) < 0)
            errors["direction"] = ["direction must be one of inbound, outbound, web, simulated."];
        if (started_after is { } a && started_before is { } b && a >= b)
            errors["started_before"] = ["started_before must be later than started_after."];
        if (errors.Count > 0) return ApiProblems.Validation(errors);

        var query = db.Calls.AsNoTracking();
        if (!string.IsNullOrEmpty(agent_id)) query = query.Where(c => c.AgentId == agent_id);
        if (status is not null) query = query.Where(c => c.Status == status);
        if (direction is not null) query = query.Where(c => c.Direction == direction);
        if (!string.IsNullOrEmpty(from_number)) query = query.Where(c => c.FromNumber == from_number);
        if (!string.IsNullOrEmpty(to_number)) query = query.Where(c => c.ToNumber == to_number);
        if (started_after is { } since) query = query.Where(c => c.StartedAt >= since);
        if (started_before is { } until) query = query.Where(c => c.StartedAt < until);
        if (!string.IsNullOrEmpty(disconnection_reason)) query = query.Where(c => c.DisconnectionReason == disconnection_reason);

        return await Paging.PageAsync(query, limit, after, CallResponse.From, ct);
    }

    private static async Task<Results<Ok<CallResponse>, ProblemHttpResult>> Get(string id, SwitchboardDbContext db, CancellationToken ct)
    {
        var call = await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (call is null) return ApiProblems.NotFound("call");
        var events = await db.CallEvents.AsNoTracking()
            .Where(e => e.CallId == id)
            .OrderBy(e => e.Sequence)
            .ToListAsync(ct);
        var (transcript, turns) = CallTranscript.Build(events);
        var record = CallResponse.From(call);
        var summary = record.LatencySummary ?? LatencyCalculator.Summarize(turns);
        var analysis = await db.CallAnalyses.AsNoTracking().FirstOrDefaultAsync(a => a.CallId == id, ct);
        return TypedResults.Ok(record with
        {
            Transcript = transcript,
            Latency = new CallLatency(turns, summary),
            CallAnalysis = analysis is null ? null : Analysis.CallAnalysisResponse.From(analysis),
        });
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, SwitchboardDbContext db, AuditTrail audit, CancellationToken ct)
    {
        var call = await db.Calls.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (call is null) return ApiProblems.NotFound("call");

        // One transaction: the record goes with its events and journal, or nothing goes.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.CallEvents.Where(e => e.CallId == id).ExecuteDeleteAsync(ct);
        await db.CallToolCalls.Where(t => t.CallId == id).ExecuteDeleteAsync(ct);
        db.Calls.Remove(call);
        audit.Record("calls.delete", "call", id);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
