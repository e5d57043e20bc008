namespace Switchboard.ControlPlane.Webhooks;

/// <summary>Body of <c>POST /webhooks/{id}/replay</c>: failed deliveries created at or after <c>since</c> are sent again.</summary>
internal sealed record WebhookReplayRequest(DateTimeOffset? Since);
