namespace Switchboard.ControlPlane.Webhooks;

/// <summary>The secret that signs deliveries to agents' own <c>webhook_url</c>s.</summary>
internal sealed record AgentWebhookSecretResponse(string Secret, DateTimeOffset? PreviousSecretExpiresAt);
