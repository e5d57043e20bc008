using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Switchboard.ControlPlane.Webhooks;

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> e)
    {
        e.ToTable("webhook_deliveries");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(40);
        e.Property(x => x.OrganizationId).HasMaxLength(40);
        e.Property(x => x.EventId).HasMaxLength(40);
        e.Property(x => x.EventType).HasMaxLength(60);
        e.Property(x => x.EndpointId).HasMaxLength(40);
        e.Property(x => x.AgentId).HasMaxLength(40);
        e.Property(x => x.TargetUrl).HasMaxLength(2000);
        e.Property(x => x.Channel).HasMaxLength(60);
        e.Property(x => x.Status).HasMaxLength(20);
        e.HasOne<WebhookEvent>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(x => x.EndpointId).OnDelete(DeleteBehavior.Cascade);
        // The claim query: due pending rows, then the head-of-channel check.
        e.HasIndex(x => new { x.Status, x.NextAttemptAt });
        e.HasIndex(x => new { x.Channel, x.Status, x.EventCreatedAt, x.Id });
        e.HasIndex(x => new { x.EndpointId, x.CreatedAt });
    }
}
