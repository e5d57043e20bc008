using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Switchboard.ControlPlane.Data;

/// <summary>
/// <c>ConnectionStrings:Switchboard</c> naming a <c>Host=</c> is PostgreSQL; anything else (or nothing) is SQLite,
/// by default <c>{DataDirectory}/switchboard.db</c>.
/// </summary>
internal static class DatabaseSetup
{
    public static (DatabaseProvider Provider, string ConnectionString) Resolve(IConfiguration configuration, SwitchboardOptions options)
    {
        var cs = configuration.GetConnectionString("Switchboard");
        if (!string.IsNullOrWhiteSpace(cs) && cs.Contains("Host=", StringComparison.OrdinalIgnoreCase))
            return (DatabaseProvider.Postgres, cs);
        if (string.IsNullOrWhiteSpace(cs))
        {
            Directory.CreateDirectory(options.DataDirectory);
            cs = "Data Source=" + Path.Combine(options.DataDirectory, "switchboard.db");
        }
        return (DatabaseProvider.Sqlite, cs);
    }

    public static void AddSwitchboardDatabase(this IServiceCollection services, DatabaseProvider provider, string connectionString)
    {
        // Pooled: building a context per request cost more than the query it ran (docs/performance.md).
        if (provider == DatabaseProvider.Postgres)
        {
            var prepared = PostgresAutoPrepare.Apply(connectionString);
            services.AddPooledDbContextFactory<PostgresSwitchboardDbContext>((sp, o) => o.UseNpgsql(prepared).AddInterceptors(Invalidator(sp)));
            AddLease<PostgresSwitchboardDbContext>(services);
        }
        else
        {
            // A busy timeout so concurrent writers (API + usage flusher) queue instead of failing.
            var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = 30 };
            services.AddPooledDbContextFactory<SqliteSwitchboardDbContext>((sp, o) => o.UseSqlite(builder.ToString())
                .AddInterceptors(Invalidator(sp), new SqliteBusyTimeoutInterceptor()));
            AddLease<SqliteSwitchboardDbContext>(services);
        }
    }

    // Every context, whoever leases it, keeps the agent read cache right (Agents/AgentCacheInvalidator).
    private static Agents.AgentCacheInvalidator Invalidator(IServiceProvider services) =>
        services.GetRequiredService<Agents.AgentCacheInvalidator>();

    /// <summary>One pooled context per scope, carrying that scope's tenant; disposing the scope returns it.</summary>
    private static void AddLease<TContext>(IServiceCollection services) where TContext : SwitchboardDbContext
    {
        services.AddScoped<SwitchboardDbContext>(sp =>
        {
            var context = sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext();
            context.Tenant = sp.GetRequiredService<Tenancy.TenantContext>();
            return context;
        });
        services.AddSingleton(sp => new OrganizationDbContextFactory(sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext));
    }
}
