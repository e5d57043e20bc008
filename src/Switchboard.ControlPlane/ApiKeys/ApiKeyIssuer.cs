using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.ApiKeys;

/// <summary>Validates and mints keys, for the API and for the <c>admin create-api-key</c> verb.</summary>
internal sealed class ApiKeyIssuer(SwitchboardDbContext db, ApiKeyHasher hasher, TimeProvider time)
{
    public const int MaxGracePeriodSeconds = 7 * 24 * 3600;

    public Dictionary<string, string[]> Validate(CreateApiKeyRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name)) errors["name"] = ["name is required."];
        else if (request.Name.Length > 200) errors["name"] = ["name must be at most 200 characters."];

        if (request.Scopes is null || request.Scopes.Count == 0)
        {
            errors["scopes"] = ["scopes must list at least one scope, e.g. [\"agents:read\"] or [\"*\"]."];
        }
        else
        {
            var unknown = request.Scopes.Where(s => !ApiKeyScopes.Known.Contains(s)).ToList();
            if (unknown.Count > 0)
                errors["scopes"] = [$"Unknown scope(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", ApiKeyScopes.Known.Order(StringComparer.Ordinal))}."];
        }

        if (request.RateLimitPerMinute is < 1 or > 1_000_000)
            errors["rate_limit_per_minute"] = ["rate_limit_per_minute must be between 1 and 1000000."];
        if (request.MonthlyQuota is < 1)
            errors["monthly_quota"] = ["monthly_quota must be at least 1."];
        if (request.ExpiresAt is { } exp && exp <= time.GetUtcNow())
            errors["expires_at"] = ["expires_at must be in the future."];
        return errors;
    }

    /// <summary>Adds the key to the unit of work; the caller saves. Returns the secret, which is never stored.</summary>
    public (ApiKey Key, string Secret) Add(string organizationId, CreateApiKeyRequest request)
    {
        var secret = ApiKeyFormat.Generate();
        var key = new ApiKey
        {
            Id = Ids.New(Ids.ApiKey),
            OrganizationId = organizationId,
            Name = request.Name!.Trim(),
            Hash = hasher.Hash(secret),
            Prefix = secret[..ApiKeyFormat.DisplayPrefixLength],
            LastFour = secret[^4..],
            Scopes = string.Join(' ', request.Scopes!.Distinct(StringComparer.Ordinal)),
            RateLimitPerMinute = request.RateLimitPerMinute,
            MonthlyQuota = request.MonthlyQuota,
            ExpiresAt = request.ExpiresAt?.ToUniversalTime(),
            CreatedAt = time.GetUtcNow(),
        };
        db.ApiKeys.Add(key);
        return (key, secret);
    }

    /// <summary>New secret for the same key; the old one keeps working for the grace period.</summary>
    public string Rotate(ApiKey key, TimeSpan gracePeriod)
    {
        var secret = ApiKeyFormat.Generate();
        var now = time.GetUtcNow();
        key.PreviousHash = gracePeriod > TimeSpan.Zero ? key.Hash : null;
        key.PreviousHashExpiresAt = gracePeriod > TimeSpan.Zero ? now + gracePeriod : null;
        key.Hash = hasher.Hash(secret);
        key.Prefix = secret[..ApiKeyFormat.DisplayPrefixLength];
        key.LastFour = secret[^4..];
        key.RotatedAt = now;
        return secret;
    }

    /// <summary>Finds or creates an organization by name (for the admin CLI, which has no tenant).</summary>
    public async Task<Organization> EnsureOrganizationAsync(string name, CancellationToken ct)
    {
        var org = await db.Organizations.FirstOrDefaultAsync(o => o.Name == name, ct);
        if (org is not null) return org;
        org = new Organization { Id = Ids.New(Ids.Organization), Name = name, CreatedAt = time.GetUtcNow() };
        db.Organizations.Add(org);
        await db.SaveChangesAsync(ct);
        return org;
    }
}
