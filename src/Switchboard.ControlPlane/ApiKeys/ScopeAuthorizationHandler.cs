using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Switchboard.ControlPlane.ApiKeys;

// The request comes from the authorization context's resource (endpoint routing passes the HttpContext), not from
// IHttpContextAccessor: while anything uses the accessor, Kestrel cannot reuse HttpContext objects between requests.
internal sealed class ScopeAuthorizationHandler : AuthorizationHandler<ScopeRequirement>
{
    public const string MissingScopeItem = "sb.auth.missing_scope";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (Grants(context, requirement.Scope))
        {
            context.Succeed(requirement);
        }
        else if (context.Resource is HttpContext http)
        {
            http.Items[MissingScopeItem] = requirement.Scope;
        }
        return Task.CompletedTask;
    }

    // Runs on every authorized request. The key's scopes as authentication verified them (the request feature it set
    // together with the principal) are read without allocating; the claims are the fallback, e.g. for a resource that
    // is not the request.
    private static bool Grants(AuthorizationHandlerContext context, string required)
    {
        if (context.Resource is HttpContext http && http.Features.Get<AuthenticatedKey>() is { } key
            && context.User.Identity is { IsAuthenticated: true, AuthenticationType: ApiKeyAuthenticationHandler.SchemeName })
        {
            var scopes = key.Scopes;
            for (var i = 0; i < scopes.Count; i++)
            {
                if (ApiKeyScopes.Grants(scopes[i], required)) return true;
            }
            return false;
        }
        foreach (var identity in context.User.Identities)
        {
            foreach (var claim in identity.Claims)
            {
                if (claim.Type == ApiKeyAuthenticationHandler.ScopeClaim && ApiKeyScopes.Grants(claim.Value, required)) return true;
            }
        }
        return false;
    }
}
