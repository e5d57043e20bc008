namespace Switchboard.ControlPlane.Webhooks.Events;

/// <summary>The body of every webhook request: <c>{ "id", "type", "created_at", "data" }</c>.</summary>
internal sealed record WebhookEnvelope<TData>(string Id, string Type, DateTimeOffset CreatedAt, TData Data);
