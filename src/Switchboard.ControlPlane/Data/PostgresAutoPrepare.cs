using System.Data.Common;
using Npgsql;

namespace Switchboard.ControlPlane.Data;

/// <summary>
/// Turns on Npgsql's automatic preparation unless the connection string sets it. The server runs the same few
/// statements over and over (webhook claims, agent and key look-ups); unprepared, PostgreSQL plans each one on every
/// execution, and planning the webhook claim took longer than running it (1.7 ms against 0.5 ms). An operator behind a
/// pooler that cannot carry prepared statements (PgBouncer in transaction mode before 1.21) sets
/// <c>Max Auto Prepare=0</c> in <c>ConnectionStrings:Switchboard</c>.
/// </summary>
internal static class PostgresAutoPrepare
{
    /// <summary>Statements kept prepared per physical connection (least recently used ones are dropped).</summary>
    public const int MaxStatements = 64;

    /// <summary>Executions of one SQL text before it is prepared.</summary>
    public const int MinUsages = 2;

    public static string Apply(string connectionString)
    {
        var raw = new DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (string key in raw.Keys)
        {
            if (string.Equals(key.Replace(" ", "", StringComparison.Ordinal), "MaxAutoPrepare", StringComparison.OrdinalIgnoreCase))
                return connectionString;
        }
        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = MaxStatements, AutoPrepareMinUsages = MinUsages }.ConnectionString;
    }
}
