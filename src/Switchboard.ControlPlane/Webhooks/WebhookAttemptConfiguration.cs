using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Switchboard.ControlPlane.Webhooks;

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> e)
    {
        e.ToTable("webhook_attempts");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(40);
        e.Property(x => x.OrganizationId).HasMaxLength(40);
        e.Property(x => x.DeliveryId).HasMaxLength(40);
        e.Property(x => x.ResponseExcerpt).HasMaxLength(1024);
        e.Property(x => x.Error).HasMaxLength(1000);
        e.HasOne<WebhookDelivery>().WithMany().HasForeignKey(x => x.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.DeliveryId, x.AttemptedAt });
    }
}
