using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;

namespace Switchboard.ControlPlane.ApiKeys;

internal static class ScopePolicies
{
    public const string MetadataPrefix = "scope:";

    /// <summary>Requires an authenticated key carrying <paramref name="scope"/>; the scope is also visible to
    /// the OpenAPI document and the scope tests through endpoint metadata.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder
    {
        builder.RequireAuthorization(new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .AddRequirements(new ScopeRequirement(scope))
            .Build());
        builder.WithMetadata(new RequiredScopeMetadata(scope));
        return builder;
    }
}
