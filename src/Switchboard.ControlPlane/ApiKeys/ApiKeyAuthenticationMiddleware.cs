using Microsoft.AspNetCore.Http;
using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.ApiKeys;

/// <summary>
/// Authenticates every request's API key in place of ASP.NET Core's authentication middleware, which for the same
/// decision resolved a handler provider, built a handler, and allocated a scheme lookup and result tasks on every
/// request (about 1.5 KB and the largest share of the API's per-request cost, docs/performance.md). A usable key sets
/// the tenant, the <see cref="AuthenticatedKey"/> feature and <c>HttpContext.User</c>; a failure is kept for the 401
/// that <see cref="ApiKeyAuthenticationHandler"/> writes when a route challenges. Challenges and forbids still go
/// through the authentication service and that handler, so their responses are unchanged.
/// </summary>
internal sealed class ApiKeyAuthenticationMiddleware(RequestDelegate next, ApiKeyAuthenticator authenticator)
{
    public const string FailureItem = "sb.auth.failure";

    public Task InvokeAsync(HttpContext context)
    {
        var check = authenticator.CheckAsync(context);
        if (!check.IsCompletedSuccessfully) return AwaitAsync(context, check);
        Apply(context, check.Result);
        return next(context);
    }

    private async Task AwaitAsync(HttpContext context, ValueTask<ApiKeyCheck> check)
    {
        Apply(context, await check);
        await next(context);
    }

    private static void Apply(HttpContext context, ApiKeyCheck check)
    {
        if (check.Key is { } key)
        {
            context.RequestServices.GetRequiredService<TenantContext>().Set(key.OrganizationId, key.Id);
            context.Features.Set(key.Authenticated);
            context.User = key.Principal;
        }
        else if (check.Failure is { } failure)
        {
            context.Items[FailureItem] = failure;
        }
    }
}
