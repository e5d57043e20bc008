using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Webhooks;

/// <summary>
/// One event on its way to one target: a registered endpoint, or an agent's own <c>webhook_url</c>
/// (<see cref="EndpointId"/> null). The dispatcher's work queue and the delivery log in one row.
/// </summary>
internal sealed class WebhookDelivery : ITenantOwned, Common.IListable
{
    public required string Id { get; set; }
    public string OrganizationId { get; set; } = "";
    public required string EventId { get; set; }
    public required string EventType { get; set; }
    public DateTimeOffset EventCreatedAt { get; set; }
    public string? EndpointId { get; set; }

    /// <summary>The agent whose <c>webhook_url</c> this goes to; null for endpoint deliveries.</summary>
    public string? AgentId { get; set; }

    /// <summary>Where an agent delivery goes (the URL when the event was created); null for endpoints.</summary>
    public string? TargetUrl { get; set; }

    /// <summary>Deliveries of one channel (an endpoint, or an agent URL) are sent strictly in event order.</summary>
    public required string Channel { get; set; }

    /// <summary><see cref="WebhookOutcomes"/>.</summary>
    public string Status { get; set; } = WebhookOutcomes.Pending;
    public int AttemptCount { get; set; }

    /// <summary>A manual retry or replay gets one attempt and does not restart the schedule.</summary>
    public bool SingleAttempt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>A node working on the row owns it until then; after it, a crashed node's claim lapses.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }
    public int? LastStatusCode { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}
