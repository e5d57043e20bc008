using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Data;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Data;

public sealed class PostgresAutoPrepareTests
{
    [Theory]
    [InlineData("Host=db;Username=sb", 64)]
    [InlineData("Host=db;Username=sb;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Username=sb;maxautoprepare=7", 7)]
    public void The_connection_string_gets_automatic_preparation_unless_it_says_otherwise(string connectionString, int expected)
    {
        var applied = new Npgsql.NpgsqlConnectionStringBuilder(PostgresAutoPrepare.Apply(connectionString));

        Assert.Equal(expected, applied.MaxAutoPrepare);
        Assert.Equal("db", applied.Host);
    }

    [Fact]
    public async Task A_statement_the_server_repeats_is_prepared_on_its_connection()
    {
        if (!Providers.PostgresConfigured()) return;
        await using var server = await TestServerInstance.StartAsync(Providers.Postgres);
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
        await db.Database.OpenConnectionAsync();
        const string Repeated = "SELECT count(*)::int AS \"Value\" FROM webhook_deliveries WHERE status = {0}";
        for (var i = 0; i < PostgresAutoPrepare.MinUsages + 1; i++)
            await db.Database.SqlQueryRaw<int>(Repeated, "pending").ToListAsync();

        var prepared = await db.Database.SqlQueryRaw<string>(
            "SELECT statement AS \"Value\" FROM pg_prepared_statements WHERE statement LIKE '%FROM webhook_deliveries WHERE status = $1%'").ToListAsync();
        Assert.Single(prepared);
    }
}
