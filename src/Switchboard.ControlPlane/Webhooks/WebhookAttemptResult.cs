namespace Switchboard.ControlPlane.Webhooks;

/// <summary>What one HTTP attempt came to.</summary>
internal sealed record WebhookAttemptResult(int? StatusCode, int LatencyMs, string? ResponseExcerpt, string? Error, TimeSpan? RetryAfter)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}
