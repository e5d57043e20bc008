using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.ControlPlane.Data;

namespace Switchboard.ControlPlane.Agents;

internal static class AgentsModule
{
    /// <summary>The agent read cache, its invalidator (added to every context by DatabaseSetup) and, on PostgreSQL, its listener.</summary>
    public static IServiceCollection AddAgents(this IServiceCollection services, IConfiguration configuration, DatabaseProvider provider, string connectionString)
    {
        services.AddOptions<AgentCacheOptions>().Bind(configuration.GetSection(AgentCacheOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        // On PostgreSQL the cache waits for the listener: until then another node's write could go unheard.
        services.AddSingleton(sp => new AgentReadCache(sp.GetRequiredService<IOptions<AgentCacheOptions>>(), active: provider == DatabaseProvider.Sqlite));
        services.AddSingleton<AgentCacheInvalidator>();
        if (provider == DatabaseProvider.Postgres)
        {
            services.AddSingleton(sp => new AgentChangeListener(sp.GetRequiredService<AgentReadCache>(), connectionString,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AgentChangeListener>>()));
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<AgentChangeListener>());
        }
        return services;
    }
}
