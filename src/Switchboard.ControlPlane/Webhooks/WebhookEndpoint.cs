using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Webhooks;

/// <summary>A URL an organization registered to receive events.</summary>
internal sealed class WebhookEndpoint : ITenantOwned, Common.IListable
{
    public required string Id { get; set; }
    public string OrganizationId { get; set; } = "";
    public required string Url { get; set; }
    public string? Description { get; set; }
    public bool Enabled { get; set; } = true;

    /// <summary>Space-separated event types; empty means every type.</summary>
    public string EventTypes { get; set; } = "";

    /// <summary>When set, only events about this agent (and events about no agent) are sent.</summary>
    public string? AgentId { get; set; }

    /// <summary>Custom request headers as a JSON object of strings.</summary>
    public string Headers { get; set; } = "{}";

    public required string Secret { get; set; }
    public string? PreviousSecret { get; set; }
    public DateTimeOffset? PreviousSecretExpiresAt { get; set; }

    /// <summary>Start of the current run of failures; null while the endpoint works.</summary>
    public DateTimeOffset? FailingSince { get; set; }
    public string? DisabledReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
