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
        // No scheme named: the API key scheme is the only and default one, so UseAuthentication has already
        // authenticated; naming it would make the policy evaluator authenticate every request a second time.
        builder.RequireAuthorization(new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .AddRequirements(new ScopeRequirement(scope))
            .Build());
        builder.WithMetadata(new RequiredScopeMetadata(scope));
        return builder;
    }
}
