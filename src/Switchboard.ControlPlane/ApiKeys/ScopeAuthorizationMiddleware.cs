using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Switchboard.ControlPlane.ApiKeys;

/// <summary>
/// Enforces every <see cref="RequiredScopeMetadata"/> on the matched endpoint: no verified key is a challenge (401 via
/// the API-key handler), a key lacking any one of the scopes is forbidden (403 <c>insufficient_scope</c>, naming the
/// scope). It replaces an authorization policy per scope because the policy evaluation (evaluator, authorization
/// context, handler enumeration, result tasks) cost several microseconds and about 1 KB on every API request while
/// deciding exactly this. Endpoints marked <c>AllowAnonymous</c> are skipped, as the authorization middleware skips
/// them. Stateless and thread-safe.
/// </summary>
internal sealed class ScopeAuthorizationMiddleware(RequestDelegate next)
{
    public const string MissingScopeItem = "sb.auth.missing_scope";

    public Task InvokeAsync(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        if (metadata is null) return next(context);
        // The collection caches these lookups per endpoint, so they cost an array read after the first request.
        var required = metadata.GetOrderedMetadata<RequiredScopeMetadata>();
        if (required.Count == 0 || metadata.GetMetadata<IAllowAnonymous>() is not null) return next(context);

        // Both, as the policy required: the feature is only set together with an authenticated principal.
        var key = context.Features.Get<AuthenticatedKey>();
        if (key is null || context.User.Identity is not { IsAuthenticated: true, AuthenticationType: ApiKeyAuthenticationHandler.SchemeName })
            return context.ChallengeAsync();
        for (var i = 0; i < required.Count; i++)
        {
            if (!Grants(key.Scopes, required[i].Scope))
            {
                context.Items[MissingScopeItem] = required[i].Scope;
                return context.ForbidAsync();
            }
        }
        return next(context);
    }

    private static bool Grants(IReadOnlyList<string> scopes, string required)
    {
        for (var i = 0; i < scopes.Count; i++)
        {
            if (ApiKeyScopes.Grants(scopes[i], required)) return true;
        }
        return false;
    }
}
