using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Switchboard.ControlPlane.Data;

namespace Switchboard.ControlPlane.Tests.Calls;

/// <summary>A migrated SQLite file of its own, for tests that exercise the call writers without a server.</summary>
internal sealed class SqliteCallDatabase : IAsyncDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "sb-calls-" + Guid.NewGuid().ToString("N") + ".db");
    private readonly DbContextOptions<SqliteSwitchboardDbContext> _options;

    private SqliteCallDatabase(IInterceptor[] interceptors)
    {
        _options = new DbContextOptionsBuilder<SqliteSwitchboardDbContext>().UseSqlite($"Data Source={_path};Pooling=False")
            .AddInterceptors(interceptors).Options;
        Contexts = new OrganizationDbContextFactory(() => new SqliteSwitchboardDbContext(_options));
    }

    public OrganizationDbContextFactory Contexts { get; }

    /// <param name="interceptors">Seen by every context of this database (tests that watch the commands).</param>
    public static async Task<SqliteCallDatabase> CreateAsync(params IInterceptor[] interceptors)
    {
        var database = new SqliteCallDatabase(interceptors);
        await using var db = new SqliteSwitchboardDbContext(database._options);
        await db.Database.MigrateAsync();
        return database;
    }

    public ValueTask DisposeAsync()
    {
        try { File.Delete(_path); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
