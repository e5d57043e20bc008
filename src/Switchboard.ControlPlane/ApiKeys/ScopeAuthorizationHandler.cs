using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Switchboard.ControlPlane.ApiKeys;

internal sealed class ScopeAuthorizationHandler(IHttpContextAccessor accessor) : AuthorizationHandler<ScopeRequirement>
{
    public const string MissingScopeItem = "sb.auth.missing_scope";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        var granted = context.User.FindAll(ApiKeyAuthenticationHandler.ScopeClaim).Select(c => c.Value);
        if (ApiKeyScopes.Grants(granted, requirement.Scope))
        {
            context.Succeed(requirement);
        }
        else if (accessor.HttpContext is { } http)
        {
            http.Items[MissingScopeItem] = requirement.Scope;
        }
        return Task.CompletedTask;
    }
}
