namespace Switchboard.ControlPlane.ApiKeys;

/// <summary>What a verified key allows, kept on the request for the rate limiter and usage counters.</summary>
internal sealed record AuthenticatedKey(
    string KeyId,
    string OrganizationId,
    IReadOnlyList<string> Scopes,
    int? RateLimitPerMinute,
    long? MonthlyQuota);
