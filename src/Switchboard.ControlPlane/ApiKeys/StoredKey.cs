namespace Switchboard.ControlPlane.ApiKeys;

/// <summary>What authentication needs of a stored key, as found by one of its hashes.</summary>
internal sealed record StoredKey(
    string Id,
    string OrganizationId,
    string[] Scopes,
    int? RateLimitPerMinute,
    long? MonthlyQuota,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    bool IsPreviousSecret,
    DateTimeOffset? PreviousSecretExpiresAt)
{
    private AuthenticatedKey? _authenticated;

    /// <summary>The request feature for this key, built once per cached row (it is immutable), not per request.</summary>
    public AuthenticatedKey Authenticated => _authenticated ??= new AuthenticatedKey(Id, OrganizationId, Scopes, RateLimitPerMinute, MonthlyQuota);

    /// <summary>Whether the secret that found this row may be used at <paramref name="now"/>.</summary>
    public bool IsUsableAt(DateTimeOffset now) =>
        RevokedAt is null
        && (ExpiresAt is not { } exp || exp > now)
        && (!IsPreviousSecret || (PreviousSecretExpiresAt is { } grace && grace > now));
}
