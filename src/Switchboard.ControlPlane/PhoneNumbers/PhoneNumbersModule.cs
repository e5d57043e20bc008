using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.ControlPlane.Telephony;

namespace Switchboard.ControlPlane.PhoneNumbers;

/// <summary>Registration of SIP trunks, phone numbers and the inbound router.</summary>
internal static class PhoneNumbersModule
{
    public const string DataProtectionApplicationName = "Switchboard";

    public static IServiceCollection AddPhoneNumbers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PhoneNumberOptions>()
            .Bind(configuration.GetSection(PhoneNumberOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The key ring sits next to the database so a fresh install encrypts with zero configuration; several nodes
        // sharing one database must share this folder too (docs/phone-numbers.md).
        services.AddDataProtection().SetApplicationName(DataProtectionApplicationName);
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<SwitchboardOptions>, ILoggerFactory>((o, switchboard, loggers) =>
                o.XmlRepository = new FileSystemXmlRepository(
                    new DirectoryInfo(Path.GetFullPath(Path.Combine(switchboard.Value.DataDirectory, "keys"))), loggers));
        services.TryAddSingleton<SecretProtector>();

        // Random.Shared is thread-safe; tests construct the router with a seeded source instead.
        services.AddSingleton<IInboundCallRouter>(sp => ActivatorUtilities.CreateInstance<PhoneNumberInboundRouter>(
            sp, (Func<double>)Random.Shared.NextDouble));
        return services;
    }

    public static void MapPhoneNumberEndpoints(this RouteGroupBuilder api)
    {
        SipTrunkEndpoints.Map(api);
        PhoneNumberEndpoints.Map(api);
    }
}
