using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Switchboard.ControlPlane.Data;

/// <summary>
/// Sets SQLite's own busy timeout on every connection EF Core opens. Without it a write that meets another writer's lock
/// gets SQLITE_BUSY at once and Microsoft.Data.Sqlite retries after sleeping 150 ms on the calling thread; SQLite's
/// handler retries after 1, 2, 5, 10… ms, so a short lock costs a short wait (webhook first-attempt latency went in
/// 150 ms steps before). The driver's own retry stays behind it, up to the command timeout.
/// </summary>
internal sealed class SqliteBusyTimeoutInterceptor : DbConnectionInterceptor
{
    private const string Pragma = "PRAGMA busy_timeout = 5000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
