namespace Switchboard.ControlPlane.Webhooks;

/// <summary>The sample event queued by the test endpoint and its delivery (follow it in the delivery log).</summary>
internal sealed record WebhookTestResponse(string EventId, string DeliveryId);
