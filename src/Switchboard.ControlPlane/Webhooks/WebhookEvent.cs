using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Webhooks;

/// <summary>
/// One event as sent: the envelope is serialized once when the event is created, so every delivery and every
/// retry carries byte-identical bodies under the same <c>webhook-id</c>.
/// </summary>
internal sealed class WebhookEvent : ITenantOwned
{
    public required string Id { get; set; }
    public string OrganizationId { get; set; } = "";
    public required string Type { get; set; }
    public string? AgentId { get; set; }
    public required string Payload { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
