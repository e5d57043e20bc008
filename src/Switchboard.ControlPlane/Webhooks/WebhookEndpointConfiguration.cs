using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Switchboard.ControlPlane.Webhooks;

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> e)
    {
        e.ToTable("webhook_endpoints");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(40);
        e.Property(x => x.OrganizationId).HasMaxLength(40);
        e.Property(x => x.Url).HasMaxLength(2000);
        e.Property(x => x.Description).HasMaxLength(500);
        e.Property(x => x.EventTypes).HasMaxLength(1000);
        e.Property(x => x.AgentId).HasMaxLength(40);
        e.Property(x => x.Headers).HasMaxLength(8000);
        e.Property(x => x.Secret).HasMaxLength(100);
        e.Property(x => x.PreviousSecret).HasMaxLength(100);
        e.Property(x => x.DisabledReason).HasMaxLength(200);
        e.HasIndex(x => new { x.OrganizationId, x.CreatedAt });
    }
}
