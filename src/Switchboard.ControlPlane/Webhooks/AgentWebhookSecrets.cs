using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.Data;

namespace Switchboard.ControlPlane.Webhooks;

/// <summary>The organization's agent-URL signing secret, created on first need.</summary>
internal static class AgentWebhookSecrets
{
    public static async Task<WebhookAgentSecret> GetOrCreateAsync(SwitchboardDbContext db, string organizationId, TimeProvider time, CancellationToken ct)
    {
        var existing = await db.WebhookAgentSecrets.IgnoreQueryFilters().FirstOrDefaultAsync(s => s.OrganizationId == organizationId, ct);
        if (existing is not null) return existing;

        // Created in its own save so a concurrent creator's row wins cleanly instead of failing the caller's work.
        var created = new WebhookAgentSecret { OrganizationId = organizationId, Secret = WebhookSigner.NewSecret(), CreatedAt = time.GetUtcNow() };
        db.WebhookAgentSecrets.Add(created);
        try
        {
            await db.SaveChangesAsync(ct);
            return created;
        }
        catch (DbUpdateException)
        {
            db.Entry(created).State = EntityState.Detached;
            return await db.WebhookAgentSecrets.IgnoreQueryFilters().FirstAsync(s => s.OrganizationId == organizationId, ct);
        }
    }
}
