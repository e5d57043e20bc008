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
}
