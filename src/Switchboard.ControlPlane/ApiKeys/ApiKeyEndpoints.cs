using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.Audit;
using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;
using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.ApiKeys;

internal static class ApiKeyEndpoints
{
    public static void MapApiKeyEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/api-keys").WithTags("API keys");

        group.MapPost("", Create).WithName("CreateApiKey")
            .WithSummary("Create an API key. The secret is in this response only.")
            .RequireScope(ApiKeyScopes.ApiKeysWrite).WithApiConventions(ApiShape.Body)
            .WithEndpointRateLimit("api_keys.create", 20);
        group.MapGet("", List).WithName("ListApiKeys")
            .WithSummary("List the organization's API keys, newest first.")
            .RequireScope(ApiKeyScopes.ApiKeysRead).WithApiConventions(ApiShape.List);
        group.MapGet("/{id}", Get).WithName("GetApiKey")
            .WithSummary("Get one API key (never its secret).")
            .RequireScope(ApiKeyScopes.ApiKeysRead).WithApiConventions(ApiShape.Id);
        group.MapDelete("/{id}", Revoke).WithName("RevokeApiKey")
            .WithSummary("Revoke an API key at once, including any secret in a rotation grace period.")
            .RequireScope(ApiKeyScopes.ApiKeysWrite).WithApiConventions(ApiShape.Id);
        group.MapPost("/{id}/rotate", Rotate).WithName("RotateApiKey")
            .WithSummary("Issue a new secret for the key; the old one keeps working for grace_period_seconds.")
            .RequireScope(ApiKeyScopes.ApiKeysWrite).WithApiConventions(ApiShape.Id | ApiShape.Body)
            .WithEndpointRateLimit("api_keys.rotate", 20);
        group.MapGet("/{id}/usage", Usage).WithName("GetApiKeyUsage")
            .WithSummary("Requests made with the key per UTC day and per endpoint group.")
            .RequireScope(ApiKeyScopes.ApiKeysRead).WithApiConventions(ApiShape.Id | ApiShape.List);
    }

    private static async Task<Results<Created<ApiKeyResponse>, ProblemHttpResult>> Create(
        CreateApiKeyRequest request, ApiKeyIssuer issuer, SwitchboardDbContext db, TenantContext tenant,
        AuditTrail audit, HttpContext http, CancellationToken ct)
    {
        var errors = issuer.Validate(request);
        if (errors.Count > 0) return ApiProblems.Validation(errors);

        // A key may only hand out what it holds itself, or api_keys:write would be a path to '*'.
        var caller = http.Features.Get<AuthenticatedKey>()!;
        var beyond = request.Scopes!.Where(s => !ApiKeyScopes.Grants(caller.Scopes, s)).ToList();
        if (beyond.Count > 0)
        {
            return TypedResults.Problem(statusCode: 403, title: "Insufficient scope",
                detail: $"A key cannot grant scopes it does not hold: {string.Join(", ", beyond)}.",
                extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.InsufficientScope });
        }

        var (key, secret) = issuer.Add(tenant.RequireOrganizationId(), request);
        audit.Record("api_keys.create", "api_key", key.Id);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/api-keys/{key.Id}", ApiKeyResponse.From(key, secret));
    }

    private static Task<Results<Ok<Page<ApiKeyResponse>>, ProblemHttpResult>> List(
        SwitchboardDbContext db, int? limit, string? after, CancellationToken ct) =>
        Paging.PageAsync(db.ApiKeys.AsNoTracking(), limit, after, k => ApiKeyResponse.From(k), ct);

    private static async Task<Results<Ok<ApiKeyResponse>, ProblemHttpResult>> Get(string id, SwitchboardDbContext db, CancellationToken ct)
    {
        var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == id, ct);
        return key is null ? ApiProblems.NotFound("API key") : TypedResults.Ok(ApiKeyResponse.From(key));
    }

    private static async Task<Results<Ok<ApiKeyResponse>, ProblemHttpResult>> Revoke(
        string id, SwitchboardDbContext db, AuditTrail audit, ApiKeyCache cache, TimeProvider time, CancellationToken ct)
    {
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, ct);
        if (key is null) return ApiProblems.NotFound("API key");
        if (key.RevokedAt is null)
        {
            key.RevokedAt = time.GetUtcNow();
            key.PreviousHash = null;
            key.PreviousHashExpiresAt = null;
            audit.Record("api_keys.revoke", "api_key", key.Id);
            await db.SaveChangesAsync(ct);
            cache.Invalidate(key.Id);
        }
        return TypedResults.Ok(ApiKeyResponse.From(key));
    }

    private static async Task<Results<Ok<ApiKeyResponse>, ProblemHttpResult>> Rotate(
        string id, RotateApiKeyRequest? request, SwitchboardDbContext db, ApiKeyIssuer issuer, AuditTrail audit, ApiKeyCache cache, CancellationToken ct)
    {
        var grace = request?.GracePeriodSeconds ?? 0;
        if (grace is < 0 or > ApiKeyIssuer.MaxGracePeriodSeconds)
            return ApiProblems.Validation("grace_period_seconds", $"grace_period_seconds must be between 0 and {ApiKeyIssuer.MaxGracePeriodSeconds}.");

        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id && k.RevokedAt == null, ct);
        if (key is null) return ApiProblems.NotFound("API key");
        var secret = issuer.Rotate(key, TimeSpan.FromSeconds(grace));
        audit.Record("api_keys.rotate", "api_key", key.Id);
        await db.SaveChangesAsync(ct);
        cache.Invalidate(key.Id);
        return TypedResults.Ok(ApiKeyResponse.From(key, secret));
    }

    private static async Task<Results<Ok<ApiKeyUsageResponse>, ProblemHttpResult>> Usage(
        string id, DateOnly? from, DateOnly? to, SwitchboardDbContext db, UsageRecorder usage, TimeProvider time, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var end = to ?? today;
        var start = from ?? end.AddDays(-29);
        if (start > end) return ApiProblems.Validation("from", "from must not be after to.");
        if (end.DayNumber - start.DayNumber > 366) return ApiProblems.Validation("from", "A usage window is at most 366 days.");

        if (!await db.ApiKeys.AnyAsync(k => k.Id == id, ct)) return ApiProblems.NotFound("API key");

        // Counts still in memory are written first so the answer includes this very minute's requests.
        await usage.FlushAsync(ct);
        var rows = await db.ApiKeyUsage.AsNoTracking()
            .Where(u => u.ApiKeyId == id && u.Day >= start && u.Day <= end)
            .Select(u => new { u.Day, u.EndpointGroup, u.Requests })
            .ToListAsync(ct);

        var byDay = rows.GroupBy(r => r.Day).OrderBy(g => g.Key).Select(g => new UsageByDay(g.Key, g.Sum(r => r.Requests))).ToList();
        var byGroup = rows.GroupBy(r => r.EndpointGroup).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new UsageByEndpointGroup(g.Key, g.Sum(r => r.Requests))).ToList();
        return TypedResults.Ok(new ApiKeyUsageResponse(id, start, end, rows.Sum(r => r.Requests), byDay, byGroup));
    }
}
