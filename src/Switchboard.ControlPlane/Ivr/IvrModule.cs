using Microsoft.Extensions.Configuration;

namespace Switchboard.ControlPlane.Ivr;

/// <summary>Registers the IVR menus feature: its services here, its routes through <see cref="IvrMenuEndpoints"/>.</summary>
internal static class IvrModule
{
    public static IServiceCollection AddIvr(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<IvrSessionRecorder>();
        return services;
    }
}
