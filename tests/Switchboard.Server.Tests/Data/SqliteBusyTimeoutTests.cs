using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Data;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Data;

public sealed class SqliteBusyTimeoutTests
{
    [Fact]
    public async Task Every_sqlite_connection_waits_in_sqlite_itself_for_another_writers_lock()
    {
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite);
        for (var i = 0; i < 2; i++)
        {
            // A second scope gets a pooled connection opened again: the setting must hold there too.
            await using var scope = server.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
            var timeouts = await db.Database.SqlQueryRaw<long>("SELECT timeout AS \"Value\" FROM pragma_busy_timeout").ToListAsync();
            Assert.Equal([5000L], timeouts);
        }
    }
}
