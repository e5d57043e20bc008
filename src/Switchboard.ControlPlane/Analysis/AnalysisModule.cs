using Microsoft.Extensions.Configuration;

namespace Switchboard.ControlPlane.Analysis;

/// <summary>Registration of post-call analysis: its worker and its route.</summary>
internal static class AnalysisModule
{
    public static IServiceCollection AddAnalysis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AnalysisOptions>().Bind(configuration.GetSection(AnalysisOptions.Section));
        services.AddSingleton<AnalysisWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<AnalysisWorker>());
        return services;
    }

    public static void MapAnalysisEndpoints(this RouteGroupBuilder api) => AnalysisEndpoints.Map(api);
}
