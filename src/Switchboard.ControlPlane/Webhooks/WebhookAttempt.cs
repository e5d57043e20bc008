using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Webhooks;

/// <summary>One HTTP attempt of a delivery, kept for the delivery log.</summary>
internal sealed class WebhookAttempt : ITenantOwned
{
    public required string Id { get; set; }
    public string OrganizationId { get; set; } = "";
    public required string DeliveryId { get; set; }
    public DateTimeOffset AttemptedAt { get; set; }
    public int? StatusCode { get; set; }
    public int LatencyMs { get; set; }

    /// <summary>At most 1 KB of the response body.</summary>
    public string? ResponseExcerpt { get; set; }
    public string? Error { get; set; }
}
