namespace Switchboard.ControlPlane.Webhooks;

/// <summary>A delivery of one event to one endpoint, with every attempt (oldest first).</summary>
internal sealed record WebhookDeliveryResponse(
    string Id,
    string EventId,
    string EventType,
    DateTimeOffset EventCreatedAt,
    string Outcome,
    int AttemptCount,
    DateTimeOffset? NextAttemptAt,
    int? LastStatusCode,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<WebhookAttemptResponse> Attempts)
{
    public static WebhookDeliveryResponse From(WebhookDelivery d, IReadOnlyList<WebhookAttemptResponse> attempts) =>
        new(d.Id, d.EventId, d.EventType, d.EventCreatedAt, d.Status, d.AttemptCount,
            d.Status == WebhookOutcomes.Pending ? d.NextAttemptAt : null, d.LastStatusCode, d.CreatedAt, d.CompletedAt, attempts);
}
