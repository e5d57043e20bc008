using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.Data;

namespace Switchboard.ControlPlane.ApiKeys;

/// <summary>
/// Checks <c>Authorization: Bearer sb_live_…</c>. A key that fails the format or checksum check is refused before any
/// database query; a well-formed one is looked up by its peppered hash (current or, during a rotation's grace period,
/// previous), through <see cref="ApiKeyCache"/>. Stateless and thread-safe; a cache hit completes synchronously and
/// allocates nothing.
/// </summary>
internal sealed class ApiKeyAuthenticator(ApiKeyHasher hasher, ApiKeyCache cache, TimeProvider time)
{
    /// <summary>One message for unknown, revoked, expired and rotated-out keys: the response reveals nothing.</summary>
    public const string NotValid = "The API key is not valid.";

    public ValueTask<ApiKeyCheck> CheckAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header)) return ValueTask.FromResult(ApiKeyCheck.None);
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return ValueTask.FromResult(ApiKeyCheck.Failed("Use 'Authorization: Bearer <api key>'."));
        var key = header.AsSpan(7).Trim();
        if (!ApiKeyFormat.IsWellFormed(key))
            return ValueTask.FromResult(ApiKeyCheck.Failed("The API key is malformed (wrong length, characters or checksum)."));

        Span<byte> hashBytes = stackalloc byte[ApiKeyHasher.HashLength];
        hasher.Hash(key, hashBytes);
        Span<char> hash = stackalloc char[44];
        Convert.TryToBase64Chars(hashBytes, hash, out var hashLength);
        if (cache.TryGet(hash[..hashLength], out var row)) return ValueTask.FromResult(Usable(row));
        return LookUpAsync(context, hash[..hashLength].ToString(), hashBytes.ToArray());
    }

    private ApiKeyCheck Usable(StoredKey row) => row.IsUsableAt(time.GetUtcNow()) ? new ApiKeyCheck(row, null) : ApiKeyCheck.Failed(NotValid);

    // The first use of a key, or after the cache's lifetime: resolves a database context, which most requests never need.
    private async ValueTask<ApiKeyCheck> LookUpAsync(HttpContext context, string hashString, byte[] hash)
    {
        var stored = await context.RequestServices.GetRequiredService<SwitchboardDbContext>().ApiKeys.IgnoreQueryFilters().AsNoTracking()
            .Where(k => k.Hash == hash || k.PreviousHash == hash)
            .Select(k => new StoredKey(
                k.Id, k.OrganizationId, ApiKeyScopes.Parse(k.Scopes), k.RateLimitPerMinute, k.MonthlyQuota, k.ExpiresAt,
                k.RevokedAt, k.PreviousHash == hash, k.PreviousHashExpiresAt))
            .FirstOrDefaultAsync(context.RequestAborted);
        if (stored is null) return ApiKeyCheck.Failed(NotValid);
        cache.Add(hashString, stored);
        return Usable(stored);
    }
}
