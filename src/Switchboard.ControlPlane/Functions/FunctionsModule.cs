using Microsoft.Extensions.Configuration;
using Switchboard.ControlPlane.Functions.Builtins;
using Switchboard.ControlPlane.Tables;

namespace Switchboard.ControlPlane.Functions;

/// <summary>Registers the functions registry, its execution engine, the built-ins and the tables they query.</summary>
internal static class FunctionsModule
{
    public static IServiceCollection AddFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FunctionsOptions>()
            .Bind(configuration.GetSection(FunctionsOptions.Section))
            .Validate(o => o.Weather.IsValid(),
                "Functions:Weather:Provider must be empty or 'open-meteo', and its base URLs absolute http(s) URLs.")
            .ValidateOnStart();
        // The outbound client: the SSRF guard (Outbound/) takes over this name's handler when it lands.
        services.AddHttpClient(WeatherFunction.HttpClientName);
        services.AddSingleton<IBuiltinFunction, CurrentTimeFunction>();
        services.AddSingleton<IBuiltinFunction, CalculatorFunction>();
        services.AddSingleton<IBuiltinFunction, WeatherFunction>();
        services.AddSingleton<IBuiltinFunction, QueryTableFunction>();
        foreach (var control in CallControlFunction.All()) services.AddSingleton<IBuiltinFunction>(control);
        services.AddSingleton<BuiltinCatalog>();
        services.AddScoped<Http.HttpFunctionRunner>();
        services.AddScoped<FunctionExecutor>();
        services.AddScoped<FunctionToolCatalog>();
        services.AddSingleton<FunctionToolRegistry>();
        return services;
    }

    /// <summary><c>/functions</c> and <c>/tables</c>.</summary>
    public static RouteGroupBuilder MapFunctionEndpoints(this RouteGroupBuilder api)
    {
        api.MapFunctionRoutes();
        api.MapTableRoutes();
        return api;
    }
}
