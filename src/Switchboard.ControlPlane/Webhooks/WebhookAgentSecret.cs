using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Webhooks;

/// <summary>
/// The organization's signing secret for agents' own <c>webhook_url</c> deliveries: an agent URL is a field,
/// not an endpoint with its own secret, so one secret per organization signs them all.
/// </summary>
internal sealed class WebhookAgentSecret : ITenantOwned
{
    public string OrganizationId { get; set; } = "";
    public required string Secret { get; set; }
    public string? PreviousSecret { get; set; }
    public DateTimeOffset? PreviousSecretExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
