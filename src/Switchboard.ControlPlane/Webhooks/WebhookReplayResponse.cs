namespace Switchboard.ControlPlane.Webhooks;

/// <summary>How many failed deliveries were queued again.</summary>
internal sealed record WebhookReplayResponse(int Replayed);
