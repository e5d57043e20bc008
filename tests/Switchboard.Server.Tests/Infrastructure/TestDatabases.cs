using Npgsql;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>Throw-away PostgreSQL databases on the server <c>SWITCHBOARD_TEST_POSTGRES</c> names.</summary>
internal static class TestDatabases
{
    public static async Task<string> CreatePostgresAsync()
    {
        var name = "sb_test_" + Guid.NewGuid().ToString("N")[..16];
        await using var conn = new NpgsqlConnection(BaseConnection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
        await cmd.ExecuteNonQueryAsync();
        return name;
    }

    /// <summary>The connection string for <paramref name="database"/> on the test server.</summary>
    public static string PostgresConnection(string database) =>
        new NpgsqlConnectionStringBuilder(BaseConnection) { Database = database }.ConnectionString;

    public static async Task DropPostgresAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(BaseConnection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static string BaseConnection =>
        TestEnvironment.Postgres ?? throw new InvalidOperationException("SWITCHBOARD_TEST_POSTGRES is not set.");
}
