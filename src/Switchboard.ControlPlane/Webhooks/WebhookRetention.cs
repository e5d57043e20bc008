using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.Data;

namespace Switchboard.ControlPlane.Webhooks;

/// <summary>The dispatcher's hourly clean-up of the delivery log.</summary>
internal static class WebhookRetention
{
    /// <summary>Deletes deliveries finished before <paramref name="cutoff"/> (attempts first), then their orphaned events.</summary>
    public static async Task DeleteBeforeAsync(SwitchboardDbContext db, DateTimeOffset cutoff, CancellationToken ct)
    {
        await db.WebhookAttempts.IgnoreQueryFilters()
            .Where(a => db.WebhookDeliveries.IgnoreQueryFilters()
                .Any(d => d.Id == a.DeliveryId && d.Status != WebhookOutcomes.Pending && d.CompletedAt < cutoff))
            .ExecuteDeleteAsync(ct);
        await db.WebhookDeliveries.IgnoreQueryFilters()
            .Where(d => d.Status != WebhookOutcomes.Pending && d.CompletedAt < cutoff)
            .ExecuteDeleteAsync(ct);
        await db.WebhookEvents.IgnoreQueryFilters()
            .Where(e => e.CreatedAt < cutoff && !db.WebhookDeliveries.IgnoreQueryFilters().Any(d => d.EventId == e.Id))
            .ExecuteDeleteAsync(ct);
    }
}
