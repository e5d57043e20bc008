namespace Switchboard.ControlPlane.ApiKeys;

/// <param name="Key">The secret; present only in the responses to create and rotate.</param>
internal sealed record ApiKeyResponse(
    string Id,
    string Name,
    string Prefix,
    string LastFour,
    IReadOnlyList<string> Scopes,
    int? RateLimitPerMinute,
    long? MonthlyQuota,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RotatedAt,
    DateTimeOffset? PreviousSecretExpiresAt,
    DateTimeOffset? RevokedAt,
    string? Key = null)
{
    public static ApiKeyResponse From(ApiKey k, string? secret = null) =>
        new(k.Id, k.Name, k.Prefix, k.LastFour, ApiKeyScopes.Parse(k.Scopes), k.RateLimitPerMinute, k.MonthlyQuota,
            k.ExpiresAt, k.LastUsedAt, k.CreatedAt, k.RotatedAt, k.PreviousHashExpiresAt, k.RevokedAt, secret);
}
