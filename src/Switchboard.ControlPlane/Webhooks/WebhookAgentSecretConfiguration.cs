using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Switchboard.ControlPlane.Webhooks;

internal sealed class WebhookAgentSecretConfiguration : IEntityTypeConfiguration<WebhookAgentSecret>
{
    public void Configure(EntityTypeBuilder<WebhookAgentSecret> e)
    {
        e.ToTable("webhook_agent_secrets");
        e.HasKey(x => x.OrganizationId);
        e.Property(x => x.OrganizationId).HasMaxLength(40);
        e.Property(x => x.Secret).HasMaxLength(100);
        e.Property(x => x.PreviousSecret).HasMaxLength(100);
    }
}
