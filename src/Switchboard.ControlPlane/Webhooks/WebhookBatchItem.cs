namespace Switchboard.ControlPlane.Webhooks;

/// <summary>
/// One claimed delivery inside a dispatcher batch: everything needed to send it, resolved before any request
/// goes out, and what the attempt came to. Only the channel's worker writes <see cref="Result"/>.
/// </summary>
internal sealed class WebhookBatchItem(WebhookDelivery delivery, WebhookEndpoint? endpoint, string eventId, string payload,
    string url, IReadOnlyList<string> secrets, IReadOnlyDictionary<string, string> headers)
{
    public WebhookDelivery Delivery { get; } = delivery;
    public WebhookEndpoint? Endpoint { get; } = endpoint;
    public string EventId { get; } = eventId;
    public string Payload { get; } = payload;
    public string Url { get; } = url;
    public IReadOnlyList<string> Secrets { get; } = secrets;
    public IReadOnlyDictionary<string, string> Headers { get; } = headers;

    /// <summary>Null when the request was not sent (an earlier delivery of the channel failed, or the lease ran short).</summary>
    public WebhookAttemptResult? Result { get; set; }
    public DateTimeOffset AttemptedAt { get; set; }
}
