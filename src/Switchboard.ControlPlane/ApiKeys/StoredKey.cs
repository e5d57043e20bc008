using System.Security.Claims;

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
    private ClaimsPrincipal? _principal;

    /// <summary>The request feature for this key, built once per cached row (it is immutable), not per request.</summary>
    public AuthenticatedKey Authenticated => _authenticated ??= new AuthenticatedKey(Id, OrganizationId, Scopes, RateLimitPerMinute, MonthlyQuota);

    /// <summary>
    /// The request's user for this key, built once per cached row rather than per request (its claims were about half
    /// a kilobyte on every call). Shared by concurrent requests of the key, so it must never be changed in place:
    /// nothing in the server does, and no <c>IClaimsTransformation</c> is registered.
    /// </summary>
    public ClaimsPrincipal Principal => _principal ??= BuildPrincipal();

    private ClaimsPrincipal BuildPrincipal()
    {
        // Claims made with the identity as their subject: ClaimsIdentity copies every claim it is handed otherwise.
        var identity = new ClaimsIdentity(ApiKeyAuthenticationHandler.SchemeName);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, Id, ClaimValueTypes.String, ClaimsIdentity.DefaultIssuer, ClaimsIdentity.DefaultIssuer, identity));
        identity.AddClaim(new Claim(ApiKeyAuthenticationHandler.OrganizationClaim, OrganizationId, ClaimValueTypes.String, ClaimsIdentity.DefaultIssuer, ClaimsIdentity.DefaultIssuer, identity));
        foreach (var scope in Scopes)
            identity.AddClaim(new Claim(ApiKeyAuthenticationHandler.ScopeClaim, scope, ClaimValueTypes.String, ClaimsIdentity.DefaultIssuer, ClaimsIdentity.DefaultIssuer, identity));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>Whether the secret that found this row may be used at <paramref name="now"/>.</summary>
    public bool IsUsableAt(DateTimeOffset now) =>
        RevokedAt is null
        && (ExpiresAt is not { } exp || exp > now)
        && (!IsPreviousSecret || (PreviousSecretExpiresAt is { } grace && grace > now));
}
