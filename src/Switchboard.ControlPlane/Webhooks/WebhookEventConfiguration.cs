using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Switchboard.ControlPlane.Webhooks;

internal sealed class WebhookEventConfiguration : IEntityTypeConfiguration<WebhookEvent>
{
    public void Configure(EntityTypeBuilder<WebhookEvent> e)
    {
        e.ToTable("webhook_events");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(40);
        e.Property(x => x.OrganizationId).HasMaxLength(40);
        e.Property(x => x.Type).HasMaxLength(60);
        e.Property(x => x.AgentId).HasMaxLength(40);
        e.HasIndex(x => new { x.OrganizationId, x.CreatedAt });
    }
}
