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
        if (provider == DatabaseProvider.Postgres)
        {
            services.AddDbContext<SwitchboardDbContext, PostgresSwitchboardDbContext>(o => o.UseNpgsql(connectionString));
        }
        else
        {
            // Sqlite: a busy timeout so concurrent writers (API + usage flusher) queue instead of failing.
            var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = 30 };
            services.AddDbContext<SwitchboardDbContext, SqliteSwitchboardDbContext>(o => o.UseSqlite(builder.ToString()));
        }
    }
}
