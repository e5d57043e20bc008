using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.ApiKeys;
using Switchboard.ControlPlane.Audit;
using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;

namespace Switchboard.ControlPlane.Webhooks;

/// <summary>The delivery log of an endpoint and the tools around it: retry, replay, test.</summary>
internal static class WebhookDeliveryRoutes
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/{id}/deliveries", List).WithName("ListWebhookDeliveries")
            .WithSummary("An endpoint's deliveries, newest first, each with every attempt; filter by event_type and outcome (pending, succeeded, failed).")
            .RequireScope(WebhookScopes.Read).WithApiConventions(ApiShape.Id | ApiShape.List);
        group.MapPost("/{id}/deliveries/{delivery_id}/retry", Retry).WithName("RetryWebhookDelivery")
            .WithSummary("Send a delivery again now (one attempt, same webhook-id and body).")
            .RequireScope(WebhookScopes.Write).WithApiConventions(ApiShape.Id);
        group.MapPost("/{id}/test", Test).WithName("TestWebhookEndpoint")
            .WithSummary("Queue a sample event of the chosen type for this endpoint only, whatever its filters.")
            .RequireScope(WebhookScopes.Write).WithApiConventions(ApiShape.Id | ApiShape.Body);
        group.MapPost("/{id}/replay", Replay).WithName("ReplayWebhookDeliveries")
            .WithSummary("Send again every failed delivery of this endpoint created at or after 'since' (one attempt each).")
            .RequireScope(WebhookScopes.Write).WithApiConventions(ApiShape.Id | ApiShape.Body);
    }

    private static async Task<Results<Ok<Page<WebhookDeliveryResponse>>, ProblemHttpResult>> List(
        string id, string? event_type, string? outcome, int? limit, string? after, SwitchboardDbContext db, CancellationToken ct)
    {
        if (!await db.WebhookEndpoints.AnyAsync(e => e.Id == id, ct)) return ApiProblems.NotFound("webhook endpoint");
        if (event_type is not null && !WebhookEventTypes.IsKnown(event_type))
            return ApiProblems.Validation("event_type", $"Unknown event type '{event_type}'.");
        if (outcome is not null && !WebhookOutcomes.IsKnown(outcome))
            return ApiProblems.Validation("outcome", "outcome must be pending, succeeded or failed.");

        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == id);
        if (event_type is not null) query = query.Where(d => d.EventType == event_type);
        if (outcome is not null) query = query.Where(d => d.Status == outcome);
        return await Paging.PageAsync(query, limit, after, async (IReadOnlyList<WebhookDelivery> rows, CancellationToken token) =>
        {
            var ids = rows.Select(r => r.Id).ToList();
            var attempts = (await db.WebhookAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).ToListAsync(token))
                .OrderBy(a => a.AttemptedAt).ThenBy(a => a.Id)
                .ToLookup(a => a.DeliveryId);
            return (IReadOnlyList<WebhookDeliveryResponse>)rows
                .Select(d => WebhookDeliveryResponse.From(d, attempts[d.Id]
                    .Select(a => new WebhookAttemptResponse(a.AttemptedAt, a.StatusCode, a.LatencyMs, a.ResponseExcerpt, a.Error))
                    .ToList()))
                .ToList();
        }, ct);
    }

    private static async Task<Results<Accepted<WebhookDeliveryResponse>, ProblemHttpResult>> Retry(
        string id, string delivery_id, SwitchboardDbContext db, AuditTrail audit, WebhookSignal signal, TimeProvider time, CancellationToken ct)
    {
        var endpoint = await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
        if (endpoint is null) return ApiProblems.NotFound("webhook endpoint");
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == delivery_id && d.EndpointId == id, ct);
        if (delivery is null) return ApiProblems.NotFound("delivery of this endpoint");
        if (!endpoint.Enabled) return ApiProblems.Conflict("The endpoint is disabled; enable it before retrying.");

        Requeue(delivery, time.GetUtcNow());
        audit.Record("webhooks.retry", "webhook_delivery", delivery.Id);
        await db.SaveChangesAsync(ct);
        signal.Notify();
        return TypedResults.Accepted($"/api/v1/webhooks/{id}/deliveries", WebhookDeliveryResponse.From(delivery, []));
    }

    private static async Task<Results<Accepted<WebhookTestResponse>, ProblemHttpResult>> Test(
        string id, WebhookTestRequest request, SwitchboardDbContext db, WebhookOutbox outbox, AuditTrail audit, TimeProvider time,
        CancellationToken ct)
    {
        var endpoint = await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
        if (endpoint is null) return ApiProblems.NotFound("webhook endpoint");
        if (request.EventType is null || !WebhookEventTypes.IsKnown(request.EventType))
        {
            return ApiProblems.Validation("event_type", "event_type must be one of: "
                + string.Join(", ", WebhookEventTypes.All.Select(t => t.Type)) + ".");
        }
        if (!endpoint.Enabled) return ApiProblems.Conflict("The endpoint is disabled; enable it before testing.");

        var data = WebhookEventTypes.Sample(request.EventType, time.GetUtcNow(), endpoint.AgentId);
        var evt = await outbox.EnqueueForEndpointAsync(db, request.EventType, data, endpoint.AgentId, endpoint.Id, ct);
        var delivery = db.WebhookDeliveries.Local.First(d => d.EventId == evt.Id);
        audit.Record("webhooks.test", "webhook_endpoint", endpoint.Id);
        await db.SaveChangesAsync(ct);
        return TypedResults.Accepted($"/api/v1/webhooks/{id}/deliveries", new WebhookTestResponse(evt.Id, delivery.Id));
    }

    private static async Task<Results<Accepted<WebhookReplayResponse>, ProblemHttpResult>> Replay(
        string id, WebhookReplayRequest request, SwitchboardDbContext db, AuditTrail audit, WebhookSignal signal, TimeProvider time,
        CancellationToken ct)
    {
        var endpoint = await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
        if (endpoint is null) return ApiProblems.NotFound("webhook endpoint");
        if (request.Since is not { } since) return ApiProblems.Validation("since", "since is required (RFC 3339).");
        if (!endpoint.Enabled) return ApiProblems.Conflict("The endpoint is disabled; enable it before replaying.");

        var now = time.GetUtcNow();
        var failed = await db.WebhookDeliveries
            .Where(d => d.EndpointId == id && d.Status == WebhookOutcomes.Failed && d.CreatedAt >= since)
            .ToListAsync(ct);
        foreach (var delivery in failed) Requeue(delivery, now);
        audit.Record("webhooks.replay", "webhook_endpoint", endpoint.Id);
        await db.SaveChangesAsync(ct);
        if (failed.Count > 0) signal.Notify();
        return TypedResults.Accepted($"/api/v1/webhooks/{id}/deliveries", new WebhookReplayResponse(failed.Count));
    }

    /// <summary>Due now, one attempt; its event keeps its place in the endpoint's order.</summary>
    private static void Requeue(WebhookDelivery delivery, DateTimeOffset now)
    {
        if (delivery.Status != WebhookOutcomes.Pending)
        {
            delivery.Status = WebhookOutcomes.Pending;
            delivery.SingleAttempt = true;
            delivery.CompletedAt = null;
        }
        delivery.NextAttemptAt = now;
    }
}
