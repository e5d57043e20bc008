using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.ApiKeys;
using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;

namespace Switchboard.ControlPlane.Audit;

internal static class AuditEndpoints
{
    public static void MapAuditEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/audit-logs").WithTags("Audit logs");
        group.MapGet("", List)
            .WithName("ListAuditLogs")
            .WithSummary("List audit log entries, newest first, with optional filters.")
            .RequireScope(ApiKeyScopes.AuditRead)
            .WithApiConventions(ApiShape.List);
    }

    private static async Task<Results<Ok<Page<AuditLogResponse>>, ProblemHttpResult>> List(
        SwitchboardDbContext db,
        int? limit,
        string? after,
        string? action,
        string? target_type,
        string? target_id,
        string? actor_api_key_id,
        DateTimeOffset? since,
        DateTimeOffset? until,
        CancellationToken ct)
    {
        var query = db.AuditLogs.AsNoTracking();
        if (!string.IsNullOrEmpty(action)) query = query.Where(a => a.Action == action);
        if (!string.IsNullOrEmpty(target_type)) query = query.Where(a => a.TargetType == target_type);
        if (!string.IsNullOrEmpty(target_id)) query = query.Where(a => a.TargetId == target_id);
        if (!string.IsNullOrEmpty(actor_api_key_id)) query = query.Where(a => a.ActorApiKeyId == actor_api_key_id);
        if (since is { } s) query = query.Where(a => a.CreatedAt >= s);
        if (until is { } u) query = query.Where(a => a.CreatedAt < u);

        return await Paging.PageAsync(query, limit, after, AuditLogResponse.From, ct);
    }
}
