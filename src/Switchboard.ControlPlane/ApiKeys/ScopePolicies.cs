using Microsoft.AspNetCore.Builder;

namespace Switchboard.ControlPlane.ApiKeys;

internal static class ScopePolicies
{
    public const string MetadataPrefix = "scope:";

    /// <summary>Requires an authenticated key carrying <paramref name="scope"/>; enforced by
    /// <see cref="ScopeAuthorizationMiddleware"/> from this metadata, which the OpenAPI document and the scope tests
    /// read too.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        builder.WithMetadata(new RequiredScopeMetadata(scope));
        return builder;
    }
}
