namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>The databases every API test runs on: SQLite always, PostgreSQL when configured (always in CI).</summary>
public static class Providers
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public static TheoryData<string> All
    {
        get
        {
            var data = new TheoryData<string> { Sqlite };
            if (TestEnvironment.RequireOrNull(TestEnvironment.Postgres, "SWITCHBOARD_TEST_POSTGRES") is not null) data.Add(Postgres);
            return data;
        }
    }

    /// <summary>
    /// For tests that only mean something on PostgreSQL: true when it is configured; false (the test passes without
    /// running) when it is not, unless services are required, which fails the test.
    /// </summary>
    public static bool PostgresConfigured()
    {
        if (TestEnvironment.Postgres is not null) return true;
        Assert.False(TestEnvironment.RequireServices, "SWITCHBOARD_TEST_POSTGRES is not set but services are required.");
        return false;
    }
}
