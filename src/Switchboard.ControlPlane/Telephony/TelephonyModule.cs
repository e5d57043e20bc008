using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Switchboard.ControlPlane.Telephony;

/// <summary>Registers the server's telephony transports: the SIP gateway and its health check.</summary>
internal static class TelephonyModule
{
    public static IServiceCollection AddTelephony(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SipGatewayOptions>().Bind(configuration.GetSection(SipGatewayOptions.Section))
            .Validate(o =>
            {
                o.Validate();
                return true;
            }).ValidateOnStart();
        services.AddSingleton<SipGateway>();
        services.AddHostedService(sp => sp.GetRequiredService<SipGateway>());
        services.AddSingleton<TrunkRegistrations>();
        services.AddHostedService(sp => sp.GetRequiredService<TrunkRegistrations>());
        services.AddHealthChecks().AddCheck<SipGatewayHealthCheck>("sip", tags: ["ready"]);
        return services;
    }
}
