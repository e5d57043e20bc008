namespace Switchboard.ControlPlane.Webhooks;

/// <summary>One attempt in the delivery log.</summary>
internal sealed record WebhookAttemptResponse(DateTimeOffset AttemptedAt, int? StatusCode, int LatencyMs, string? ResponseExcerpt, string? Error);
