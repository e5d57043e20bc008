using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;
using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.ApiKeys;

/// <summary>
/// <c>Authorization: Bearer sb_live_…</c>. A key that fails the format or checksum check is refused before any
/// database query; a well-formed one is looked up by its peppered hash (current or, during a rotation's grace
/// period, previous).
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyHasher hasher,
    ApiKeyCache cache,
    TenantContext tenant,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ScopeClaim = "scope";
    public const string OrganizationClaim = "org";
    private const string FailureCodeItem = "sb.auth.failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Fail("Use 'Authorization: Bearer <api key>'.");
        var key = header.AsSpan(7).Trim();
        if (!ApiKeyFormat.IsWellFormed(key))
            return Fail("The API key is malformed (wrong length, characters or checksum).");

        // Hashed and looked up on the stack: a cache hit allocates nothing for the key.
        Span<byte> hashBytes = stackalloc byte[ApiKeyHasher.HashLength];
        hasher.Hash(key, hashBytes);
        Span<char> hash = stackalloc char[44];
        Convert.TryToBase64Chars(hashBytes, hash, out var hashLength);
        if (!cache.TryGet(hash[..hashLength], out var row))
        {
            var hashString = hash[..hashLength].ToString();
            var stored = await FindAsync(hashBytes.ToArray());
            if (stored is null) return Fail("The API key is not valid.");
            cache.Add(hashString, stored);
            row = stored;
        }

        // One message for unknown, revoked, expired and rotated-out keys: the response reveals nothing.
        if (!row.IsUsableAt(time.GetUtcNow())) return Fail("The API key is not valid.");

        tenant.Set(row.OrganizationId, row.Id);
        Context.Features.Set(row.Authenticated);

        return AuthenticateResult.Success(new AuthenticationTicket(row.Principal, SchemeName));
    }

    // Resolved only on a cache miss: most requests never need a database context at all.
    private Task<StoredKey?> FindAsync(byte[] hash) =>
        Context.RequestServices.GetRequiredService<SwitchboardDbContext>().ApiKeys.IgnoreQueryFilters().AsNoTracking()
            .Where(k => k.Hash == hash || k.PreviousHash == hash)
            .Select(k => new StoredKey(
                k.Id, k.OrganizationId, ApiKeyScopes.Parse(k.Scopes), k.RateLimitPerMinute, k.MonthlyQuota, k.ExpiresAt,
                k.RevokedAt, k.PreviousHash == hash, k.PreviousHashExpiresAt))
            .FirstOrDefaultAsync(Context.RequestAborted);

    private AuthenticateResult Fail(string message)
    {
        Context.Items[FailureCodeItem] = message;
        return AuthenticateResult.Fail(message);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = Context.Items[FailureCodeItem] as string;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        var problems = Context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = 401,
                Title = "Unauthorized",
                Detail = failure ?? "Send an API key: 'Authorization: Bearer <api key>'.",
                Extensions = { ["code"] = failure is null ? ErrorCodes.MissingApiKey : ErrorCodes.InvalidApiKey },
            },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var required = Context.Items[ScopeAuthorizationMiddleware.MissingScopeItem] as string;
        var problems = Context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = 403,
                Title = "Insufficient scope",
                Detail = required is null ? "This API key may not do this." : $"This API key lacks the scope '{required}'.",
                Extensions = { ["code"] = ErrorCodes.InsufficientScope, ["required_scope"] = required },
            },
        });
    }
}
