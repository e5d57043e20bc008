using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Switchboard.ControlPlane.ApiKeys;

namespace Switchboard.ControlPlane.Telephony.Twilio;

/// <summary>Registers the Media Streams telephony routes' settings and token signer.</summary>
internal static class TwilioTelephonyModule
{
    public static IServiceCollection AddTwilioTelephony(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TwilioTelephonyOptions>().Bind(configuration.GetSection(TwilioTelephonyOptions.Section))
            .Validate(o =>
            {
                o.Validate();
                return true;
            }).ValidateOnStart();
        services.AddSingleton(sp => new StreamTokenSigner(
            PepperSource.Resolve(sp.GetRequiredService<IOptions<SwitchboardOptions>>().Value), sp.GetRequiredService<TimeProvider>()));
        services.AddHttpClient(TwilioCallRedirector.ClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<TwilioCallRedirector>();
        services.AddHttpClient(TelnyxCallTransferrer.ClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<TelnyxCallTransferrer>();
        services.AddSingleton<TwilioConsultRegistry>();
        services.AddSingleton<TwilioConsultDialer>();
        return services;
    }
}
