namespace Switchboard.ControlPlane.ApiKeys;

internal sealed record CreateApiKeyRequest(
    string? Name,
    IReadOnlyList<string>? Scopes,
    int? RateLimitPerMinute,
    long? MonthlyQuota,
    DateTimeOffset? ExpiresAt);
