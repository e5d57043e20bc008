using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.ControlPlane.PhoneNumbers;

namespace Switchboard.ControlPlane.Secrets;

/// <summary>Registers the per-organization secret store and its routes.</summary>
internal static class SecretsModule
{
    public static IServiceCollection AddSecrets(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // The phone numbers module registers it too (with Data Protection); whichever runs first wins.
        services.TryAddSingleton<SecretProtector>();
        services.TryAddSingleton<SecretFingerprint>();
        services.TryAddScoped<SecretStore>();
        return services;
    }

    public static RouteGroupBuilder MapSecretEndpoints(this RouteGroupBuilder api)
    {
        api.MapSecretRoutes();
        return api;
    }
}
