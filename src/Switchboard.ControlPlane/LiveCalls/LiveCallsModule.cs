using Microsoft.Extensions.Configuration;

namespace Switchboard.ControlPlane.LiveCalls;

/// <summary>Registers the live call host (every transport runs its calls through it) and its control routes.</summary>
internal static class LiveCallsModule
{
    public static IServiceCollection AddLiveCalls(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LiveCallOptions>().Bind(configuration.GetSection(LiveCallOptions.Section))
            .Validate(o =>
            {
                o.Validate();
                return true;
            }).ValidateOnStart();
        services.AddSingleton<LiveAgentLoader>();
        services.AddSingleton<LiveCallResources>();
        services.AddSingleton<LiveCallHost>();
        services.AddHostedService<LiveCallService>();
        return services;
    }
}
