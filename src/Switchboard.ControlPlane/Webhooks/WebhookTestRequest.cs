namespace Switchboard.ControlPlane.Webhooks;

/// <summary>Body of <c>POST /webhooks/{id}/test</c>: which event type to send a sample of.</summary>
internal sealed record WebhookTestRequest(string? EventType);
