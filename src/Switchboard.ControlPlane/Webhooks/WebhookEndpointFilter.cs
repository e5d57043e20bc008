namespace Switchboard.ControlPlane.Webhooks;

/// <summary>What the outbox needs of an endpoint to decide whether an event goes to it.</summary>
internal readonly record struct WebhookEndpointFilter(string Id, string EventTypes, string? AgentId);
