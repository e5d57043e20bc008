using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.ApiKeys;

internal sealed class ApiKey : ITenantOwned, Common.IListable
{
    public required string Id { get; set; }
    public string OrganizationId { get; set; } = "";
    public required string Name { get; set; }

    /// <summary>HMAC-SHA256 of the whole key under the server pepper; the key itself is never stored.</summary>
    public required byte[] Hash { get; set; }

    /// <summary>The hash of the secret replaced by the last rotation, valid until <see cref="PreviousHashExpiresAt"/>.</summary>
    public byte[]? PreviousHash { get; set; }
    public DateTimeOffset? PreviousHashExpiresAt { get; set; }

    public required string Prefix { get; set; }
    public required string LastFour { get; set; }

    /// <summary>Space-separated scopes.</summary>
    public required string Scopes { get; set; }
    public int? RateLimitPerMinute { get; set; }
    public long? MonthlyQuota { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RotatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
