using Switchboard.ControlPlane.ApiKeys;
using Switchboard.ControlPlane.Audit;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;
using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Webhooks;

/// <summary>
/// The organization's secret for agents' own <c>webhook_url</c> deliveries. Unlike endpoint secrets it can be read
/// again (with the write scope): an agent URL is a plain field, so there is no create response to show it in.
/// </summary>
internal static class AgentWebhookSecretRoutes
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/agent-secret", Get).WithName("GetAgentWebhookSecret")
            .WithSummary("The secret signing deliveries to agents' own webhook_url (created on first use).")
            .RequireScope(WebhookScopes.Write).WithApiConventions(ApiShape.None);
        group.MapPost("/agent-secret/rotate", Rotate).WithName("RotateAgentWebhookSecret")
            .WithSummary("New agent webhook secret; for 24 hours requests carry signatures with both.")
            .RequireScope(WebhookScopes.Write).WithApiConventions(ApiShape.None);
    }

    private static async Task<Ok<AgentWebhookSecretResponse>> Get(SwitchboardDbContext db, TenantContext tenant, TimeProvider time, CancellationToken ct)
    {
        var secret = await AgentWebhookSecrets.GetOrCreateAsync(db, tenant.RequireOrganizationId(), time, ct);
        return TypedResults.Ok(From(secret, time.GetUtcNow()));
    }

    private static async Task<Ok<AgentWebhookSecretResponse>> Rotate(
        SwitchboardDbContext db, TenantContext tenant, AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        var secret = await AgentWebhookSecrets.GetOrCreateAsync(db, tenant.RequireOrganizationId(), time, ct);
        var now = time.GetUtcNow();
        secret.PreviousSecret = secret.Secret;
        secret.PreviousSecretExpiresAt = now + WebhookEndpointRoutes.RotationWindow;
        secret.Secret = WebhookSigner.NewSecret();
        audit.Record("webhooks.agent_secret.rotate", "organization", tenant.OrganizationId);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(From(secret, now));
    }

    private static AgentWebhookSecretResponse From(WebhookAgentSecret s, DateTimeOffset now) =>
        new(s.Secret, s.PreviousSecretExpiresAt > now ? s.PreviousSecretExpiresAt : null);
}
