using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.ApiKeys;
using Switchboard.ControlPlane.Audit;
using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;

namespace Switchboard.ControlPlane.Webhooks;

/// <summary><c>/api/v1/webhooks</c>: endpoint CRUD and secret rotation.</summary>
internal static class WebhookEndpointRoutes
{
    public static readonly TimeSpan RotationWindow = TimeSpan.FromHours(24);

    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("", Create).WithName("CreateWebhookEndpoint")
            .WithSummary("Register an endpoint; the response carries its signing secret, shown only this once.")
            .RequireScope(WebhookScopes.Write).WithApiConventions(ApiShape.Body);
        group.MapGet("", List).WithName("ListWebhookEndpoints")
            .WithSummary("List endpoints, newest first.")
            .RequireScope(WebhookScopes.Read).WithApiConventions(ApiShape.List);
        group.MapGet("/{id}", Get).WithName("GetWebhookEndpoint")
            .WithSummary("Get an endpoint (never its secret).")
            .RequireScope(WebhookScopes.Read).WithApiConventions(ApiShape.Id);
        group.MapPatch("/{id}", Update).WithName("UpdateWebhookEndpoint")
            .WithSummary("Change an endpoint; absent fields keep their value, enabled=true revives a disabled endpoint.")
            .RequireScope(WebhookScopes.Write).WithApiConventions(ApiShape.Id | ApiShape.Body);
        group.MapDelete("/{id}", Delete).WithName("DeleteWebhookEndpoint")
            .WithSummary("Delete an endpoint with its delivery log.")
            .RequireScope(WebhookScopes.Write).WithApiConventions(ApiShape.Id);
        group.MapPost("/{id}/rotate-secret", RotateSecret).WithName("RotateWebhookSecret")
            .WithSummary("New signing secret; for 24 hours requests carry signatures with both the new and the old one.")
            .RequireScope(WebhookScopes.Write).WithApiConventions(ApiShape.Id);
    }

    private static async Task<Results<Created<WebhookEndpointResponse>, ProblemHttpResult>> Create(
        WebhookEndpointRequest request, SwitchboardDbContext db, AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        var errors = WebhookValidator.Validate(request, create: true);
        if (errors.Count > 0) return ApiProblems.Validation(errors);
        if (await AgentProblemAsync(db, request.AgentId, ct) is { } agentProblem) return agentProblem;

        var now = time.GetUtcNow();
        var endpoint = new WebhookEndpoint
        {
            Id = Ids.New(WebhookIds.Endpoint),
            Url = request.Url!,
            Secret = WebhookSigner.NewSecret(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        Apply(endpoint, request);
        db.WebhookEndpoints.Add(endpoint);
        audit.Record("webhooks.create", "webhook_endpoint", endpoint.Id);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/webhooks/{endpoint.Id}", WebhookEndpointResponse.From(endpoint, now, endpoint.Secret));
    }

    private static Task<Results<Ok<Page<WebhookEndpointResponse>>, ProblemHttpResult>> List(
        SwitchboardDbContext db, TimeProvider time, int? limit, string? after, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return Paging.PageAsync(db.WebhookEndpoints.AsNoTracking(), limit, after, e => WebhookEndpointResponse.From(e, now), ct);
    }

    private static async Task<Results<Ok<WebhookEndpointResponse>, ProblemHttpResult>> Get(
        string id, SwitchboardDbContext db, TimeProvider time, CancellationToken ct)
    {
        var endpoint = await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
        return endpoint is null ? ApiProblems.NotFound("webhook endpoint") : TypedResults.Ok(WebhookEndpointResponse.From(endpoint, time.GetUtcNow()));
    }

    private static async Task<Results<Ok<WebhookEndpointResponse>, ProblemHttpResult>> Update(
        string id, WebhookEndpointRequest request, SwitchboardDbContext db, AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (endpoint is null) return ApiProblems.NotFound("webhook endpoint");
        var errors = WebhookValidator.Validate(request, create: false);
        if (errors.Count > 0) return ApiProblems.Validation(errors);
        if (await AgentProblemAsync(db, request.AgentId, ct) is { } agentProblem) return agentProblem;

        var now = time.GetUtcNow();
        if (request.Url is not null) endpoint.Url = request.Url;
        if (request.Enabled == true && !endpoint.Enabled)
        {
            endpoint.DisabledReason = null;
            endpoint.FailingSince = null;
        }
        if (request.Enabled == false && endpoint.Enabled) endpoint.DisabledReason = "disabled_by_user";
        Apply(endpoint, request);
        endpoint.UpdatedAt = now;
        audit.Record("webhooks.update", "webhook_endpoint", endpoint.Id);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(WebhookEndpointResponse.From(endpoint, now));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, SwitchboardDbContext db, AuditTrail audit, CancellationToken ct)
    {
        var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (endpoint is null) return ApiProblems.NotFound("webhook endpoint");
        db.WebhookEndpoints.Remove(endpoint);
        audit.Record("webhooks.delete", "webhook_endpoint", endpoint.Id);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<WebhookEndpointResponse>, ProblemHttpResult>> RotateSecret(
        string id, SwitchboardDbContext db, AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (endpoint is null) return ApiProblems.NotFound("webhook endpoint");
        var now = time.GetUtcNow();
        endpoint.PreviousSecret = endpoint.Secret;
        endpoint.PreviousSecretExpiresAt = now + RotationWindow;
        endpoint.Secret = WebhookSigner.NewSecret();
        endpoint.UpdatedAt = now;
        audit.Record("webhooks.rotate_secret", "webhook_endpoint", endpoint.Id);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(WebhookEndpointResponse.From(endpoint, now, endpoint.Secret));
    }

    private static void Apply(WebhookEndpoint endpoint, WebhookEndpointRequest request)
    {
        if (request.Description is not null) endpoint.Description = request.Description.Length == 0 ? null : request.Description;
        if (request.Enabled is { } enabled) endpoint.Enabled = enabled;
        if (request.EventTypes is { } types) endpoint.EventTypes = string.Join(' ', types.Distinct(StringComparer.Ordinal));
        if (request.AgentId is not null) endpoint.AgentId = request.AgentId.Length == 0 ? null : request.AgentId;
        if (request.Headers is not null) endpoint.Headers = JsonSerializer.Serialize(request.Headers);
    }

    /// <summary>The agent filter must name an agent of the caller's organization (the tenant filter sees no other).</summary>
    private static async Task<ProblemHttpResult?> AgentProblemAsync(SwitchboardDbContext db, string? agentId, CancellationToken ct) =>
        agentId is { Length: > 0 } && !await db.Agents.AnyAsync(a => a.Id == agentId, ct)
            ? ApiProblems.Validation("agent_id", "No agent with that id.")
            : null;
}
